import { useEffect } from 'react';
import type { ChannelOutput } from '../../../shared/ipc/channels.ts';
import { bank } from '../../bank.ts';
import { useCall } from '../../components/use-call.ts';

export type TokenItem = ChannelOutput<'tokens.list'>['tokens'][number];
export type CertificateItem = TokenItem['certificates'][number];
export type SessionView = ChannelOutput<'tokens.session'>;

/** The tokens present and the one in use, kept fresh by the tokens.changed event (insert, remove, choice, login). */
export function useTokens() {
  const list = useCall('tokens.list', {});
  const session = useCall('tokens.session', {});
  const reloadList = list.reload;
  const reloadSession = session.reload;
  useEffect(
    () =>
      bank.on('tokens.changed', () => {
        reloadList();
        reloadSession();
      }),
    [reloadList, reloadSession],
  );
  // the header never says "logged in" past the session's end: ask again when it comes
  const expiresAt = session.data?.loggedIn ? session.data.expiresAt : undefined;
  useEffect(() => {
    if (!expiresAt) return;
    const id = setTimeout(reloadSession, Math.min(2 ** 31 - 1, Math.max(0, Date.parse(expiresAt) - Date.now()) + 500));
    return () => clearTimeout(id);
  }, [expiresAt, reloadSession]);
  const tokens = list.data?.tokens ?? [];
  const chosen = list.data?.selected ?? null;
  // the choice, if its token is present; else the first key of the first token
  const token = tokens.find((tk) => chosen && (tk.serial === chosen.token || tk.label === chosen.token)) ?? tokens.find((tk) => tk.certificates.length > 0) ?? tokens[0];
  const certificate = token?.certificates.find((c) => chosen && c.key === chosen.key && (token.serial === chosen.token || token.label === chosen.token)) ?? token?.certificates[0];
  return {
    tokens,
    token,
    certificate,
    session: session.data,
    error: list.error ?? session.error,
    loading: list.loading,
    reload: () => {
      reloadList();
      reloadSession();
    },
  };
}

/** "serial|key" as one value of a select. */
export const choiceValue = (token: string, key: string): string => `${token}|${key}`;
export function parseChoice(value: string): { token: string; key: string } {
  const i = value.indexOf('|');
  return { token: value.slice(0, i), key: value.slice(i + 1) };
}

/** Every key that has a certificate on the tokens present, with its token. */
export const keysOf = (tokens: TokenItem[]): { tk: TokenItem; c: CertificateItem }[] => tokens.flatMap((tk) => tk.certificates.map((c) => ({ tk, c })));

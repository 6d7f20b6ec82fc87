import { LocalizedError, type MessageKey } from '../../shared/i18n/index.ts';
import type { tokensChannels } from '../../shared/ipc/areas/tokens.ts';
import { BankError } from '../bank/bank-api.ts';
import { currentSession, endBankSession, login } from '../bank/session.ts';
import { listSigners } from '../bank/signers.ts';
import type { TokenWatcher } from '../tokens/token-service.ts';
import { withPins, type AreaHandlers, type ServiceContext } from './context.ts';
import { selectedKey, selectKey } from './token-selection.ts';

const DAY_MS = 86_400_000;

const nameOf = (subject: string): string => /(?:^|,\s*)CN=([^,]+)/.exec(subject)?.[1]?.trim() ?? subject;

/** The bank's refusal of a login in the user's words: which problem, and what to do. */
const LOGIN_REFUSALS: Record<string, MessageKey> = {
  'totp-invalid': 'ui.tokens.login.totp-invalid',
  'locked-out': 'ui.tokens.login.locked-out',
  'certificate-revoked': 'ui.tokens.login.certificate-revoked',
  'certificate-expired': 'ui.tokens.login.certificate-expired',
  'certificate-unknown': 'ui.tokens.login.certificate-unknown',
  'challenge-expired': 'ui.tokens.login.challenge-expired',
  'challenge-replayed': 'ui.tokens.login.challenge-expired',
  'challenge-invalid': 'ui.tokens.login.challenge-expired',
  'signature-invalid': 'ui.tokens.login.signature-invalid',
};

function loginRefusal(e: unknown): unknown {
  if (!(e instanceof BankError) || e.code !== 'bank.problem') return e;
  const code = e.problem?.code ? LOGIN_REFUSALS[e.problem.code] : undefined;
  return code ? new LocalizedError(code, { detail: e.problem?.detail ?? '' }, { cause: e }) : e;
}

/**
 * The token bar and the bank session: tokens present (watched once the page asks), the one in
 * use, login and logout. The PIN arrives as text in the call's input (the page does not keep it);
 * withPins makes it a buffer that is zeroed when the call ends, whatever happens, and it is never
 * logged or stored. Import and signing are import.ts and signing.ts.
 */
export function tokensHandlers({ client, emit, background }: ServiceContext): AreaHandlers<typeof tokensChannels> {
  const db = client.db;
  let watcher: TokenWatcher | undefined;

  /** Starts watching for tokens coming and going the first time the page asks for them. */
  const watch = (): void => {
    if (watcher) return;
    watcher = client.tokens.watch(1000);
    watcher.on('inserted', (tk) => emit('tokens.changed', { reason: 'inserted', serial: tk.serial }));
    watcher.on('removed', (tk) => emit('tokens.changed', { reason: 'removed', serial: tk.serial }));
    watcher.on('error', () => undefined); // the next poll tries again; tokens.list reports a lasting failure
  };
  // another module chosen in the settings (or the profile closed): this watcher's module is no longer the one in use
  client.onTokenServiceEnd((why) => {
    watcher?.stop();
    watcher = undefined;
    if (why === 'module') emit('tokens.changed', { reason: 'module' });
  });

  const sessionView = () => {
    const s = currentSession(db);
    if (!s) return { loggedIn: false };
    const signer = listSigners(db).find((x) => x.certificateSerial === s.certificateSerial);
    return {
      loggedIn: true,
      name: s.user.name,
      role: s.user.role,
      company: s.user.company.name,
      ...(s.user.limit !== undefined ? { limit: s.user.limit } : {}),
      expiresAt: s.expiresAt,
      certificateSerial: s.certificateSerial,
      ...(signer ? { token: signer.token, key: signer.key } : {}),
    };
  };

  return {
    'tokens.list': async () => {
      const tokens = client.tokens.listTokens();
      watch();
      const now = Date.now();
      const items = [];
      for (const tk of tokens) {
        // certificates are public objects: no PIN needed to show them
        const certs = await client.tokens.listCertificates(tk.serial).catch(() => []);
        items.push({
          serial: tk.serial,
          label: tk.label,
          manufacturer: tk.manufacturer,
          model: tk.model,
          pin: tk.pin.user,
          pinMustChange: tk.pin.userMustChange,
          pinLength: tk.pinLength,
          algorithms: client.tokens.keyAlgorithms(tk.serial),
          certificates: certs
            .filter((c) => !c.authority)
            .sort((a, b) => b.notBefore.localeCompare(a.notBefore))
            .map((c) => ({
              key: c.label || c.id,
              id: c.id,
              subject: c.subject,
              name: nameOf(c.subject),
              serialNumber: c.serialNumber.toLowerCase(),
              notBefore: c.notBefore,
              notAfter: c.notAfter,
              daysLeft: Math.floor((Date.parse(c.notAfter) - now) / DAY_MS),
              keyAlgorithm: c.keyAlgorithm,
            })),
        });
      }
      return { tokens: items, selected: selectedKey(db) };
    },
    'tokens.select': ({ token, key }) => {
      selectKey(db, { token, key });
      emit('tokens.changed', { reason: 'selected' });
      return { token, key };
    },
    'tokens.session': () => sessionView(),
    'tokens.login': async ({ token, key, pin, totp }) => {
      try {
        // the PIN's buffer is zeroed also when the token or the bank refused before it was used
        await withPins([pin], (secret) => login(db, client.api, client.tokens, { token, key, pin: secret, totp, actor: client.actor }));
      } catch (e) {
        throw loginRefusal(e);
      }
      selectKey(db, { token, key });
      emit('tokens.changed', { reason: 'session' });
      // the exchange starts at once (the dashboard fills without "exchange now"), then runs in the background
      background.startIfLoggedIn();
      return sessionView();
    },
    'tokens.logout': async () => {
      // the local copy goes whatever the bank answers; the page is told when the bank was not reached
      background.stop();
      const r = await endBankSession(db, client.api);
      emit('tokens.changed', { reason: 'session' });
      const notEnded = r.error ? { until: r.expiresAt ?? '', reason: { code: r.error.code, params: r.error.params } } : undefined;
      return { ...sessionView(), endedOnBank: r.endedOnBank, ...(notEnded ? { notEnded } : {}) };
    },
  };
}

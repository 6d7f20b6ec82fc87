/**
 * The signature of a letter, checked before the letter is kept or shown: a letter from the bank
 * must be signed by the pinned receipts certificate itself (by the SHA-256 of its bytes), one of
 * ours by a person's certificate the bank CA issued, each over `letterSignedBytes` of exactly
 * what is shown (subject, text, the letter it answers, the attachments by SHA-256; the bank's
 * also its id and the date shown). A letter
 * that fails is refused: nothing of it is stored, and the exchange says so.
 */
import { letterSignedBytes, type Message } from '../../shared/bank-api/messages.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import type { LetterSeal } from '../../shared/ipc/areas/bank-data.ts';
import { checkPinnedSignature, type BankTrust } from '../bank/trust.ts';

/** A letter with what its verified signature says (null: a letter of ours kept from before letters were signed). */
export type SealedLetter = Message & { seal: LetterSeal | null };

export type LetterRefusalReason = 'unsigned' | 'signature' | 'signer' | 'serial' | 'replay';

/** The refusal of one letter, naming it and what failed. */
export function letterRefused(m: Pick<Message, 'id' | 'subject'>, reason: LetterRefusalReason, detail = ''): LocalizedError {
  return new LocalizedError('sync.letter-invalid', { id: m.id, subject: m.subject, reason, detail });
}

/** Checks a letter's signature for our company; throws `sync.letter-invalid` naming what failed. */
export async function checkLetter(trust: BankTrust, companyId: string, m: Message): Promise<SealedLetter> {
  const signature = m.signature ?? null;
  if (!signature) {
    // a letter of ours the bank kept from before letters were signed is shown as unsigned; the bank's never
    if (m.direction === 'to-bank') return { ...m, seal: null };
    throw letterRefused(m, 'unsigned');
  }
  const shown = { companyId, subject: m.subject, body: m.body, inReplyTo: m.inReplyTo, attachments: m.attachments };
  // the bank's letter binds its id and the moment shown as sent; ours were signed before the bank gave either
  const bytes = letterSignedBytes(m.direction === 'from-bank' ? { ...shown, direction: 'from-bank', id: m.id, sentAt: m.sentAt } : { ...shown, direction: 'to-bank' });
  const check = await checkPinnedSignature(trust, bytes, Buffer.from(signature.cms, 'base64'), 'letter');
  if (!check.ok) throw letterRefused(m, check.reason, check.detail);
  const { signer, byBank } = check;
  // the bank's letters by its receipts key only; ours never by it (nor the bank's by a customer's key)
  if (byBank !== (m.direction === 'from-bank')) throw letterRefused(m, 'signer');
  const serial = (signer.serialNumber ?? '').toLowerCase();
  if (serial !== signature.signer.certificateSerial.toLowerCase()) throw letterRefused(m, 'serial', `${signature.signer.certificateSerial} / ${serial}`);
  // the name shown is the signed certificate's, not the bank's unsigned word beside the signature
  return { ...m, seal: { by: byBank ? 'bank' : 'person', name: byBank ? '' : commonName(signer.subject ?? ''), certificateSerial: serial, signedAt: signer.signingTime ?? signature.signedAt } };
}

/** The CN of a subject as the verifier writes it ("CN=…, O=…", a comma in a value escaped), or the whole subject when it has none. */
function commonName(subject: string): string {
  const cn = subject.split(/(?<!\\), /).find((part) => part.startsWith('CN='));
  return cn ? cn.slice(3).replace(/\\(.)/g, '$1') : subject;
}

/** The same letter and signature as one checked before: its seal holds without checking again. */
export function sameLetter(a: Message, b: Message): boolean {
  const facts = (m: Message) => [m.direction, m.subject, m.body, m.sentAt, m.inReplyTo, JSON.stringify(m.attachments), m.signature?.cms ?? null, m.signature?.signer.certificateSerial ?? null];
  const x = facts(a);
  const y = facts(b);
  return x.every((v, i) => v === y[i]);
}

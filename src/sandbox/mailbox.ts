import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { CmsSigner } from '../crypto/cms/signer.ts';
import { softwareSource } from '../crypto/cms/signature-source.ts';
import { OID } from '../crypto/cms/oids.ts';
import { digestOf } from '../crypto/cms/signed-attributes.ts';
import { octets, readSignedDataDer } from '../crypto/cms/signed-data-der.ts';
import { certificateParts, derOf } from '../crypto/x509/certificate.ts';
import { letterSignedBytes, MAX_ATTACHMENT_BYTES, type Message, type NewBankLetter, type NewMessage } from '../shared/bank-api/messages.ts';
import { ApiProblem } from './http.ts';
import type { BankCa } from './ca.ts';
import type { BankClock } from './clock.ts';
import type { Caller } from './identity.ts';
import { sql, type Db } from './store.ts';

/** Checks the signature of a letter to the bank as a document's signer is checked (Documents.checkLetterSigner). */
export type LetterSignerCheck = (caller: Caller, bytes: Uint8Array, cms: Buffer) => Promise<{ serial: string; name: string; signedAt: string; signatureSha256: string }>;

/** The name the bank signs its letters under. */
const BANK_SIGNER = 'bank';

interface MessageRow {
  id: string;
  direction: 'from-bank' | 'to-bank';
  subject: string;
  body: string;
  sent_at: string;
  read: number;
  in_reply_to: string | null;
  signature: Buffer | null;
  signer_name: string | null;
  signer_serial: string | null;
  signed_at: string | null;
}

/**
 * Letters between a company and the bank, with attachments and read marks, scoped to the
 * company. Every letter is signed over `letterSignedBytes`: one to the bank by a person of the
 * company (checked as a document's signer; refused whole, nothing kept, when it fails), one from
 * the bank by the bank's receipts key, in the transaction that stores it (its id and sentAt, given
 * by then, signed with it).
 */
export class Mailbox {
  private readonly bankSigner: CmsSigner;
  private readonly bankSerial: string;

  constructor(
    private readonly db: Db,
    private readonly clock: BankClock,
    ca: BankCa,
    private readonly checkSigner: LetterSignerCheck,
  ) {
    this.bankSigner = new CmsSigner(softwareSource(ca.receipts.signingKey), certificateParts(derOf(ca.receipts.cert)));
    this.bankSerial = ca.receipts.cert.serialNumber.toLowerCase();
  }

  /**
   * Signs the bank's letters kept unsigned from before letters were signed, and signs again those
   * signed over older bytes (before a letter's id and sentAt were signed: their message digest is
   * not that of today's bytes), at start.
   */
  signOwnLetters(): number {
    const rows = sql(this.db, "SELECT * FROM messages WHERE direction = 'from-bank'").all() as (MessageRow & { company_id: string })[];
    const stale = rows.filter((m) => !m.signature || !this.signedOver(m.signature, this.bankBytes(m.company_id, this.view(m))));
    for (const m of stale) {
      this.db.transaction(() => this.signAsBank(m.company_id, m.id))();
    }
    return stale.length;
  }

  /** Whether a stored signature's message digest is that of these bytes. */
  private signedOver(cms: Buffer, bytes: Uint8Array): boolean {
    const digest = readSignedDataDer(cms)?.signers[0]?.attributes.get(OID.messageDigest);
    return digest !== undefined && octets(digest).equals(digestOf(this.bankSigner.hash, bytes));
  }

  /** What the bank signs of its letter: with its id and sentAt (letterSignedBytes). */
  private bankBytes(companyId: string, letter: z.infer<typeof Message>): Uint8Array {
    return letterSignedBytes({ companyId, direction: 'from-bank', id: letter.id, sentAt: letter.sentAt, subject: letter.subject, body: letter.body, inReplyTo: letter.inReplyTo, attachments: letter.attachments });
  }

  /** The bank's signature on its stored letter (inside the caller's transaction). */
  private signAsBank(companyId: string, id: string): void {
    const letter = this.view(this.row(companyId, id));
    const now = this.clock.now();
    const cms = this.bankSigner.signSync(this.bankBytes(companyId, letter), { signingTime: now });
    sql(this.db, 'UPDATE messages SET signature = ?, signer_name = ?, signer_serial = ?, signed_at = ? WHERE id = ?').run(cms, BANK_SIGNER, this.bankSerial, now.toISOString(), id);
  }

  private view(m: MessageRow): z.infer<typeof Message> {
    const attachments = sql(this.db, 'SELECT id, name, media_type, size, sha256 FROM attachments WHERE message_id = ? ORDER BY rowid').all(m.id) as {
      id: string;
      name: string;
      media_type: z.infer<typeof Message>['attachments'][number]['mediaType'];
      size: number;
      sha256: string;
    }[];
    return {
      id: m.id,
      direction: m.direction,
      subject: m.subject,
      body: m.body,
      sentAt: m.sent_at,
      read: m.read === 1,
      inReplyTo: m.in_reply_to,
      attachments: attachments.map((a) => ({ id: a.id, name: a.name, mediaType: a.media_type, size: a.size, sha256: a.sha256 })),
      signature: m.signature ? { cms: m.signature.toString('base64'), signer: { name: m.signer_name ?? '', certificateSerial: m.signer_serial ?? '' }, signedAt: m.signed_at ?? m.sent_at } : null,
    };
  }

  private row(companyId: string, id: string): MessageRow {
    const m = sql(this.db, 'SELECT * FROM messages WHERE id = ? AND company_id = ?').get(id, companyId) as MessageRow | undefined;
    if (!m) throw new ApiProblem('not-found', 'no such message');
    return m;
  }

  list(companyId: string): z.infer<typeof Message>[] {
    return (sql(this.db, 'SELECT * FROM messages WHERE company_id = ? ORDER BY sent_at DESC, rowid DESC').all(companyId) as MessageRow[]).map((m) => this.view(m));
  }

  get(companyId: string, id: string): z.infer<typeof Message> {
    return this.view(this.row(companyId, id));
  }

  /**
   * A letter to the bank from a person of the company: its signature over the letter's bytes
   * (the attachments bound by SHA-256) is checked first; a letter that fails is refused whole.
   */
  async receive(caller: Caller, msg: z.infer<typeof NewMessage>): Promise<z.infer<typeof Message>> {
    const companyId = caller.company.id;
    if (msg.inReplyTo) this.row(companyId, msg.inReplyTo);
    const files = this.files(msg);
    const bytes = letterSignedBytes({ companyId, direction: 'to-bank', subject: msg.subject, body: msg.body, inReplyTo: msg.inReplyTo ?? null, attachments: files });
    const signer = await this.checkSigner(caller, bytes, Buffer.from(msg.signature, 'base64'));
    const id = randomUUID();
    this.db.transaction(() => {
      // a signature value is taken once: the same letter sent again is a replay, not a second letter
      if (sql(this.db, 'SELECT 1 FROM messages WHERE signature_sha256 = ?').get(signer.signatureSha256)) throw new ApiProblem('signature-replayed', 'this signature was accepted already for another letter');
      this.insert(companyId, id, 'to-bank', msg, files);
      sql(this.db, 'UPDATE messages SET signature = ?, signer_name = ?, signer_serial = ?, signed_at = ?, signature_sha256 = ? WHERE id = ?').run(
        Buffer.from(msg.signature, 'base64'),
        signer.name,
        signer.serial,
        signer.signedAt,
        signer.signatureSha256,
        id,
      );
    })();
    return this.get(companyId, id);
  }

  /** A letter from the bank (the officer's, the demo's): stored and signed by the bank in one transaction. */
  send(companyId: string, msg: z.infer<typeof NewBankLetter>): z.infer<typeof Message> {
    if (msg.inReplyTo) this.row(companyId, msg.inReplyTo);
    const files = this.files(msg);
    const id = randomUUID();
    this.db.transaction(() => {
      this.insert(companyId, id, 'from-bank', msg, files);
      this.signAsBank(companyId, id);
    })();
    return this.get(companyId, id);
  }

  private files(msg: z.infer<typeof NewBankLetter>): { name: string; mediaType: (typeof msg.attachments)[number]['mediaType']; content: Buffer; sha256: string }[] {
    return msg.attachments.map((a, i) => {
      const content = Buffer.from(a.content, 'base64');
      if (content.length > MAX_ATTACHMENT_BYTES) {
        throw new ApiProblem('validation-failed', `attachment ${a.name} is over ${MAX_ATTACHMENT_BYTES} bytes`, [
          { field: `attachments.${i}.content`, code: 'too-large', message: `${content.length} bytes, at most ${MAX_ATTACHMENT_BYTES}` },
        ]);
      }
      return { name: a.name, mediaType: a.mediaType, content, sha256: createHash('sha256').update(content).digest('hex') };
    });
  }

  private insert(companyId: string, id: string, direction: 'to-bank' | 'from-bank', msg: z.infer<typeof NewBankLetter>, files: ReturnType<Mailbox['files']>): void {
    this.db
      .prepare('INSERT INTO messages (id, company_id, direction, subject, body, sent_at, read, in_reply_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, companyId, direction, msg.subject, msg.body, this.clock.now().toISOString(), direction === 'to-bank' ? 1 : 0, msg.inReplyTo ?? null);
    const insert = sql(this.db, 'INSERT INTO attachments (id, message_id, name, media_type, size, sha256, content) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const f of files) insert.run(randomUUID(), id, f.name, f.mediaType, f.content.length, f.sha256, f.content);
  }

  markRead(companyId: string, id: string, read: boolean): z.infer<typeof Message> {
    this.row(companyId, id);
    sql(this.db, 'UPDATE messages SET read = ? WHERE id = ?').run(read ? 1 : 0, id);
    return this.get(companyId, id);
  }

  attachment(companyId: string, messageId: string, attachmentId: string): { name: string; mediaType: string; content: Buffer } {
    this.row(companyId, messageId);
    const a = sql(this.db, 'SELECT name, media_type, content FROM attachments WHERE id = ? AND message_id = ?').get(attachmentId, messageId) as
      | { name: string; media_type: string; content: Buffer }
      | undefined;
    if (!a) throw new ApiProblem('not-found', 'no such attachment');
    return { name: a.name, mediaType: a.media_type, content: a.content };
  }
}

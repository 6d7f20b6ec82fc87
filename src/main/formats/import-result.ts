/**
 * What every import returns, whatever the file format: each document of the file is either in
 * `documents` (it became a payment order draft, maybe with warnings) or in `rejected` (it could
 * not become one), with the line where it starts; file-level findings are in `warnings`.
 */
import { createHash } from 'node:crypto';
import type { PaymentOrder } from '../../shared/bank-api/documents/payment-order.ts';
import type { MessageKey, MessageParams } from '../../shared/i18n/index.ts';
import type { TextEncodingName } from './encoding.ts';

/** A finding with the line it is about (the line is also in params, for the message). */
export interface Finding {
  line: number;
  code: MessageKey;
  params: MessageParams;
}

export interface ImportedDocument {
  /** Line where the document starts: its СекцияДокумент, or its CdtTrfTxInf element. */
  line: number;
  /** Stable identity of the document in its file, to notice a file imported twice. */
  sourceKey: string;
  kind: 'payment-order';
  content: PaymentOrder;
  warnings: Finding[];
}

export interface RejectedDocument {
  line: number;
  code: MessageKey;
  params: MessageParams;
  /** The document kind the file names, when it names one. */
  kind?: string;
}

export interface ImportResult {
  format: '1c' | 'pain.001';
  /** 1C: the ВерсияФормата read ("1.03"); pain.001: the message ("pain.001.001.09"). */
  version: string;
  encoding: TextEncodingName;
  documents: ImportedDocument[];
  rejected: RejectedDocument[];
  warnings: Finding[];
}

const normalise = (text: string): string => text.trim().replace(/\s+/g, ' ');

/**
 * sha256 (hex) of what identifies a payment order wherever it came from: kind, number, date,
 * amount, both accounts and the purpose (spaces collapsed). The same order imported from a 1C
 * file and from pain.001 gets the same key.
 */
export function sourceKeyOf(order: PaymentOrder): string {
  const parts = ['payment-order', normalise(order.number), order.date, String(order.amount), normalise(order.payer.account), normalise(order.payee.account), normalise(order.purpose)];
  return createHash('sha256').update(parts.join('\u001f')).digest('hex');
}

/**
 * Builds a 1CClientBankExchange file line by line (CRLF, as 1C writes and expects) and encodes
 * it once at the end. A value with a line break would split into a bogus line, so it is refused.
 */
import { LocalizedError } from '../../../shared/i18n/index.ts';
import { encodeText } from '../encoding.ts';
import { ONEC_SIGNATURE } from './reader.ts';

export type OneCEncoding = 'windows-1251' | 'utf-8';

/** When the file is made: the caller's clock, so that output is reproducible. */
export interface CreatedAt {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM:SS */
  time: string;
}

const hasControl = (value: string): boolean => {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
};

export class OneCWriter {
  private readonly lines: string[] = [ONEC_SIGNATURE];

  /** `where` names the record in an error (a document number, "header"...). */
  field(key: string, value: string, where: string): this {
    if (hasControl(value)) throw new LocalizedError('format.onec.value-multiline', { key, where });
    this.lines.push(`${key}=${value}`);
    return this;
  }
  /** Writes the field only when there is something to write. */
  optional(key: string, value: string | undefined, where: string): this {
    return value === undefined || value === '' ? this : this.field(key, value, where);
  }
  marker(line: string): this {
    this.lines.push(line);
    return this;
  }
  toBytes(encoding: OneCEncoding): Uint8Array {
    this.lines.push('КонецФайла', '');
    return encodeText(this.lines.join('\r\n'), encoding);
  }
}

/** The Кодировка value that names an encoding (UTF-8 is this project's extension; 1C itself writes only Windows and DOS). */
export const declaredEncoding = (encoding: OneCEncoding): string => (encoding === 'utf-8' ? 'UTF-8' : 'Windows');

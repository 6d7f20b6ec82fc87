/**
 * Reading an ED807 element's attributes strictly: each value the client uses is checked against
 * its form, and a wrong one is an error naming the line, the element and the attribute.
 */
import { isIsoDate } from '../../../shared/domain/dates.ts';
import { LocalizedError } from '../../../shared/i18n/index.ts';
import type { XmlElement } from '../xml/reader.ts';

/** What a value must look like, by the name the messages give it (format.ed807.attribute-invalid's `expected`). */
export const FORMS = {
  bic: /^\d{9}$/,
  account: /^\d{20}$/,
  region: /^\d{2}$/,
  'participant-type': /^\d{2}$/,
  code4: /^[A-Z]{4}$/,
  'ed-no': /^\d{1,9}$/,
  'ed-author': /^\d{10}$/,
  version: /^\d{1,6}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?$/,
} as const;

export type Form = keyof typeof FORMS | 'date' | 'text';

/** The place of an element in messages. */
const where = (el: XmlElement): { line: number; element: string } => ({ line: el.line, element: el.local });

export function missingAttribute(el: XmlElement, attribute: string): LocalizedError {
  return new LocalizedError('format.ed807.attribute-missing', { ...where(el), attribute });
}

export function invalidAttribute(el: XmlElement, attribute: string, value: string, expected: Form): LocalizedError {
  return new LocalizedError('format.ed807.attribute-invalid', { ...where(el), attribute, value: value.slice(0, 60), expected });
}

/** An attribute's value in its form; a missing one is an error unless `optional`. */
export function attr(el: XmlElement, name: string, form: Form, o: { max?: number; optional: true }): string | undefined;
export function attr(el: XmlElement, name: string, form: Form, o?: { max?: number; optional?: false }): string;
export function attr(el: XmlElement, name: string, form: Form, o: { max?: number; optional?: boolean } = {}): string | undefined {
  const value = Object.hasOwn(el.attrs, name) ? el.attrs[name]! : undefined;
  if (value === undefined) {
    if (o.optional) return undefined;
    throw missingAttribute(el, name);
  }
  const ok = form === 'date' ? isIsoDate(value) : form === 'text' ? value.trim() !== '' : FORMS[form].test(value);
  if (!ok) throw invalidAttribute(el, name, value, form);
  if (o.max !== undefined && value.length > o.max) throw new LocalizedError('format.ed807.attribute-too-long', { ...where(el), attribute: name, max: o.max });
  return value;
}

/** An attribute that must be one of a few codes. */
export function codeAttr<C extends string>(el: XmlElement, name: string, codes: readonly C[]): C {
  const value = attr(el, name, 'code4');
  if (!(codes as readonly string[]).includes(value)) throw new LocalizedError('format.ed807.code-unknown', { ...where(el), attribute: name, value, allowed: codes.join(', ') });
  return value as C;
}

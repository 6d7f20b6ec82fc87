/**
 * Building blocks of the document schemas. The schemas check structure and types (unknown fields
 * and wrong types are refused, each string and list has a generous size cap so a body is
 * bounded); the business rules (formats, check digits, dates, limits) are the validators' in
 * src/shared/domain, each finding with a field, a code and a severity. A draft therefore
 * parses before it is valid, and every rule speaks with one voice on both sides.
 */
import { z } from 'zod';
import { formatDate } from '../../domain/format.ts';
import type { Kopecks } from '../../domain/money.ts';
import type { ValidationContext, ValidationResult } from '../../domain/validation.ts';
import type { Locale } from '../../i18n/locale.ts';

/** Size caps of the schemas: far above every business limit, only to bound a request. */
export const CAP = {
  /** Codes and identifiers: INN, account, BIC, KBK, contract numbers, media types. */
  code: 100,
  /** One line of text: names, purposes, subjects, addresses, file names. */
  line: 1000,
  /** Free text: letters, descriptions. */
  text: 20_000,
  /** Items of a list. */
  list: 100,
} as const;

export const Code = z.string().max(CAP.code);
export const Line = z.string().max(CAP.line);
export const Text = z.string().max(CAP.text);
/** An ISO date, YYYY-MM-DD; the validators check that it is a real date (date.format). */
export const IsoDate = z.string().max(CAP.code).meta({ description: 'Date, YYYY-MM-DD', examples: ['2026-11-25'] });
/** Money: a whole number of kopecks, never a float; the validators check that it is positive (amount.invalid). */
export const Amount = z.int().meta({ description: 'Amount in kopecks (1 rouble = 100)', examples: [15_000_000] });

export interface LocalizedText {
  en: string;
  ru: string;
}

/** What a list of documents shows of one and what its search looks through. */
export interface DocumentSummary {
  amount?: Kopecks;
  counterparty?: string;
  number?: string;
  text: string;
}

/** One kind of document: its schema version, content schema, business rules, title and summary. */
export interface DocumentKind<S extends z.ZodType = z.ZodType, V extends number = number> {
  /** The version of the content schema, from 1; it is part of the signed bytes. */
  readonly version: V;
  readonly schema: S;
  readonly title: LocalizedText;
  /** The business rules, each finding with its field path (relative to the content), code and severity. */
  validate(content: z.infer<S>, context?: ValidationContext): ValidationResult;
  /** For lists and search, in the user's language (English by default). */
  summary(content: z.infer<S>, locale?: Locale): DocumentSummary;
}

export function defineKind<S extends z.ZodType, const V extends number>(kind: DocumentKind<S, V>): DocumentKind<S, V> {
  return kind;
}

/** True when A and B are the same type: `type _ = Assert<Same<z.infer<typeof S>, DomainType>>`. */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export type Assert<T extends true> = T;

/** A date as people write it, dd.mm.yyyy (shared/domain/format.ts): 25.11.2026. */
export function showDate(locale: Locale, iso: string): string {
  return formatDate(iso, locale);
}

/** Text on one line, cut at `max` characters with an ellipsis. */
export function excerpt(text: string, max = 120): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/** Picks the locale's text of a pair. */
export const pick = (locale: Locale, text: LocalizedText): string => text[locale];

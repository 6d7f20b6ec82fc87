/** A letter to the bank: subject, text, and files referenced by digest. */
import { z } from 'zod';
import { validateLetter, type LetterToBank } from '../../domain/letter.ts';
import { Attachments } from './attachment.ts';
import { defineKind, excerpt, Line, Text, type Assert, type Same } from './common.ts';

export const Letter = z.object({ subject: Line, body: Text, attachments: Attachments }).strict();
export type Letter = z.infer<typeof Letter>;

type _Letter = Assert<Same<Letter, LetterToBank>>;

export const letterKind = defineKind({
  version: 1,
  schema: Letter,
  title: { en: 'Letter to the bank', ru: 'Письмо в банк' },
  validate: (content, context) => validateLetter(content, context),
  summary: (c) => ({ text: c.body.trim() === '' ? c.subject : `${c.subject} — ${excerpt(c.body)}` }),
});

/** A letter to the bank: a subject, a text, files referenced by digest. */
import { checkAttachments, type AttachmentRef } from './attachments.ts';
import { checkText } from './checks.ts';
import { IssueList, type ValidationContext, type ValidationResult } from './validation.ts';

export const SUBJECT_MAX = 255;
export const BODY_MAX = 10_000;

export interface LetterToBank {
  subject: string;
  body: string;
  attachments: AttachmentRef[];
}

export function validateLetter(doc: LetterToBank, _ctx: ValidationContext = {}): ValidationResult {
  const issues = new IssueList();
  checkText(issues, 'subject', doc.subject, { max: SUBJECT_MAX });
  if (doc.body.trim() === '' && doc.attachments.length === 0) issues.error('body', 'letter.empty');
  else checkText(issues, 'body', doc.body, { max: BODY_MAX, required: false, multiline: true });
  checkAttachments(issues, 'attachments', doc.attachments);
  return issues.result();
}

/** Prints as PDF: signed documents from the documents list (form 0401060 for payment orders) and statements. */
import { z } from 'zod';
import { channel, Id } from '../schemas.ts';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
/** The most documents one print takes (src/main/prints/print-service.ts MAX_PRINT). */
export const MAX_PRINT_DOCUMENTS = 500;

/** A PDF to save or open: its name, its bytes (base64) and how many pages it has. */
export const PrintedPdf = z.object({ fileName: z.string(), pdfBase64: z.string(), pages: z.number().int() });

export const printsChannels = {
  /** One PDF of signed documents, a page (or more) each, in the order given. */
  'documents.print': channel(z.object({ ids: z.array(Id).min(1).max(MAX_PRINT_DOCUMENTS) }).strict(), PrintedPdf),
  /** The statement of an account for a period, read from the bank, as a PDF. */
  'statements.print': channel(
    z
      .object({ accountId: z.string().min(1).max(100), from: IsoDate, to: IsoDate })
      .strict()
      .refine((x) => x.from <= x.to, { path: ['to'], message: 'the period ends before it starts' }),
    PrintedPdf,
  ),
} as const;

/** Messages of the printed forms (payment order 0401060, statements, other documents as PDF). */
import type { Entry } from './entry.ts';

export const printMessages = {
  'print.font-not-found': {
    en: (p) => `No font for the PDF found. Looked in: ${p.places}. Install DejaVu Sans (Debian: fonts-dejavu-core) or give the path of a TrueType font with Cyrillic.`,
    ru: (p) => `Не найден шрифт для PDF. Проверены пути: ${p.places}. Установите DejaVu Sans (Debian: fonts-dejavu-core) или укажите путь к шрифту TrueType с кириллицей.`,
  },
  'print.font-unusable': {
    en: (p) => `The font ${p.path} cannot be used for the PDF: ${p.reason}.`,
    ru: (p) => `Шрифт ${p.path} нельзя использовать для PDF: ${p.reason}.`,
  },
  'print.nothing': {
    en: () => 'No documents selected to print.',
    ru: () => 'Не выбраны документы для печати.',
  },
  'print.too-many': {
    en: (p) => `At most ${p.max} documents can be printed at once; ${p.count} were selected.`,
    ru: (p) => `За один раз можно напечатать не больше ${p.max} документов; выбрано ${p.count}.`,
  },
  'print.not-signed': {
    en: (p) => `Document ${p.number} (${p.id}) is a draft: only signed documents are printed, from the bytes that were signed. Sign it first.`,
    ru: (p) => `Документ ${p.number} (${p.id}) — черновик: печатаются только подписанные документы, по подписанным байтам. Сначала подпишите его.`,
  },
} satisfies Record<string, Entry>;

/** Words of printing: documents from the list and the document card, statements (the forms themselves are Russian by law). */
import type { Entry } from '../entry.ts';

export const printsUiMessages = {
  'ui.print.document': { en: () => 'Print (PDF)', ru: () => 'Печать (PDF)' },
  'ui.print.selected': { en: (p) => `Print selected (${p.count}) as PDF`, ru: (p) => `Печать выбранных (${p.count}) в PDF` },
  'ui.print.clear': { en: () => 'Clear selection', ru: () => 'Снять выбор' },
  'ui.print.select-column': { en: () => 'Select for printing', ru: () => 'Выбор для печати' },
  'ui.print.select-row': { en: (p) => `Select document ${p.name} for printing`, ru: (p) => `Выбрать документ ${p.name} для печати` },
  'ui.print.drafts': { en: () => 'Drafts are not printed: a document is printed from the bytes that were signed.', ru: () => 'Черновики не печатаются: документ печатается по подписанным байтам.' },
  'ui.print.saved': {
    en: (p) => `Saved ${p.name} (${p.pages} ${Number(p.pages) === 1 ? 'page' : 'pages'}).`,
    ru: (p) => `Сохранён файл ${p.name} (страниц: ${p.pages}).`,
  },
  'ui.print.statement': { en: () => 'Print statement (PDF)', ru: () => 'Печать выписки (PDF)' },
  'ui.print.working': { en: () => 'Making the PDF…', ru: () => 'Готовим PDF…' },
} satisfies Record<string, Entry>;

/** Messages of the client's services: store, documents, signing, sync, enrolment, audit. */
import type { Entry } from './entry.ts';

export const clientMessages = {
  // Store
  'store.open-failed': {
    en: (p) => `Cannot open the data file ${p.path}: ${p.reason}`,
    ru: (p) => `Не удалось открыть файл данных ${p.path}: ${p.reason}`,
  },
  'store.too-new': {
    en: (p) => `The data file ${p.path} was written by a newer version of Bank Client (schema ${p.version}; this version knows up to ${p.latest}). Update the app; the file was left unchanged.`,
    ru: (p) => `Файл данных ${p.path} создан более новой версией «Банк-Клиента» (схема ${p.version}, эта версия знает до ${p.latest}). Обновите приложение; файл не изменён.`,
  },
  // Documents
  'document.kind-unknown': {
    en: (p) => `Unknown kind of document "${p.kind}".`,
    ru: (p) => `Неизвестный вид документа «${p.kind}».`,
  },
  'document.invalid': {
    en: (p) => `The document does not have the structure of its kind (${p.count} problem(s)); first: ${p.field}: ${p.en}`,
    ru: (p) => `Документ не соответствует структуре своего вида (проблем: ${p.count}); первая: ${p.field}: ${p.ru}`,
  },
  'document.not-found': {
    en: (p) => `No document ${p.id}.`,
    ru: (p) => `Документ ${p.id} не найден.`,
  },
  'document.stale': {
    en: (p) => `Document ${p.id} was changed elsewhere (you edited revision ${p.revision}, it is now ${p.current}). Reopen it and edit again.`,
    ru: (p) => `Документ ${p.id} изменён в другом месте (вы правили версию ${p.revision}, сейчас ${p.current}). Откройте его заново.`,
  },
  'document.not-draft': {
    en: (p) => `Document ${p.id} is ${p.status}, not a draft: only drafts can be deleted.`,
    ru: (p) => `Документ ${p.id} в статусе «${p.status}», а не черновик: удалить можно только черновик.`,
  },
  'template.name-required': {
    en: () => 'A template needs a name.',
    ru: () => 'Укажите название шаблона.',
  },
  'template.exists': {
    en: (p) => `A template named "${p.name}" exists already.`,
    ru: (p) => `Шаблон «${p.name}» уже есть.`,
  },
  'template.not-found': {
    en: (p) => `No template "${p.name}".`,
    ru: (p) => `Шаблон «${p.name}» не найден.`,
  },
  'import.duplicate': {
    en: (p) => `Already imported as document ${p.id}.`,
    ru: (p) => `Уже загружен: документ ${p.id}.`,
  },
} satisfies Record<string, Entry>;

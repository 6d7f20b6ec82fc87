/** Words of the BIC directory: the editor's bank filled from it, and its panel in Settings. */
import type { Entry } from '../entry.ts';

const e = (en: Entry['en'], ru: Entry['ru']): Entry => ({ en, ru });
/** "2025-01-09" as 09.01.2025. */
const dmy = (iso: unknown): string => String(iso ?? '').replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$3.$2.$1');

export const directoryUiMessages = {
  'ui.directory.found': e(
    (p) => `BIC directory: ${p.name}, ${p.place}; correspondent account ${p.corr || 'none'}.`,
    (p) => `По справочнику БИК: ${p.name}, ${p.place}; корр. счёт ${p.corr || 'нет'}.`,
  ),
  'ui.directory.no-directory': e(
    () => 'No BIC directory is loaded yet, so the bank is not filled in: it arrives with the exchange, or load it in Settings.',
    () => 'Справочник БИК ещё не загружен, поэтому банк не заполнен: он придёт при обмене с банком, или загрузите его в настройках.',
  ),
  'ui.directory.title': e(() => 'BIC directory', () => 'Справочник БИК'),
  'ui.directory.none': e(
    () => "No BIC directory is loaded. It arrives with the next exchange with the bank, or load the Bank of Russia's file (ED807, XML) here.",
    () => 'Справочник БИК не загружен. Он придёт при следующем обмене с банком, или загрузите здесь файл Банка России (ED807, XML).',
  ),
  'ui.directory.held': e(
    // the bank's copy is kept only with its signature verified; a file loaded by hand has none (issue 13, red team)
    (p) => `Directory of ${dmy(p.date)}: ${p.count} banks; ${p.origin === 'bank' ? `received from the bank on ${p.loaded}, the bank's signature verified` : `loaded by hand from the file ${p.file} on ${p.loaded}, without the bank's signature`}.`,
    (p) => `Справочник на ${dmy(p.date)}: банков — ${p.count}; ${p.origin === 'bank' ? `получен от банка ${p.loaded}, подпись банка проверена` : `загружен вручную из файла ${p.file} ${p.loaded}, без подписи банка`}.`,
  ),
  'ui.directory.updates': e(
    () => 'The exchange with the bank fetches a new directory whenever the bank publishes one.',
    () => 'При обмене с банком новый справочник загружается, как только банк его опубликует.',
  ),
  'ui.directory.file': e(() => 'Load a directory file (ED807, XML)', () => 'Загрузить файл справочника (ED807, XML)'),
  'ui.directory.loading': e(() => 'Reading the file…', () => 'Чтение файла…'),
  'ui.directory.loaded': e(
    (p) => `Loaded: ${p.count} banks, directory of ${dmy(p.date)}.`,
    (p) => `Загружено: банков — ${p.count}, справочник на ${dmy(p.date)}.`,
  ),
  'ui.directory.kept': e(() => 'The file was not loaded; the directory held is unchanged.', () => 'Файл не загружен; прежний справочник не изменился.'),
} satisfies Record<string, Entry>;

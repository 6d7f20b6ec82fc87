/** Words of the desktop shell (src/main/electron): the confirmation before a link leaves the app. */
import type { Entry } from '../entry.ts';

export const electronUiMessages = {
  'ui.electron.open-link.title': { en: () => 'Open a link', ru: () => 'Открыть ссылку' },
  'ui.electron.open-link.message': {
    en: (p) => `Open ${p.name} in your web browser?`,
    ru: (p) => `Открыть ${p.name} в браузере?`,
  },
  'ui.electron.open-link.open': { en: () => 'Open in browser', ru: () => 'Открыть в браузере' },
} satisfies Record<string, Entry>;

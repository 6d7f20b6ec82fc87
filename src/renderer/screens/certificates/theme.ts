/** The page's theme: light, dark or as the system says; kept in this browser's storage. */
export type Theme = 'system' | 'light' | 'dark';

const KEY = 'bankclient.theme';
const media = (): MediaQueryList | undefined => (typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined);

export function savedTheme(): Theme {
  const v = localStorage.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

/** Sets data-theme on <html> (styles.css keys its dark colours on it). */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme === 'system' ? (media()?.matches ? 'dark' : 'light') : theme;
}

export function setTheme(theme: Theme): void {
  localStorage.setItem(KEY, theme);
  applyTheme(theme);
}

/** Applies the saved theme now and follows the system's while "system" is chosen. */
export function startTheme(): void {
  applyTheme(savedTheme());
  media()?.addEventListener('change', () => savedTheme() === 'system' && applyTheme('system'));
}

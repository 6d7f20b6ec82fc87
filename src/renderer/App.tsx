import { t } from '../shared/i18n/index.ts';

/** The app's shell. It talks only to window.bank (the channel table), never to Node. */
export function App() {
  return (
    <main>
      <h1 lang="ru">{t('ru', 'app.title')}</h1>
      <p lang="en">{t('en', 'app.title')}</p>
    </main>
  );
}

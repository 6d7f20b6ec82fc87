import { Suspense } from 'react';
import type { MessageKey } from '../shared/i18n/index.ts';
import { useI18n } from './i18n.tsx';
import { href, useRoute } from './router.tsx';
import { DemoBanner, ROUTES, TokenBar } from './screens/index.ts';
import { SessionWatch } from './SessionWatch.tsx';
import { SyncBar } from './SyncBar.tsx';
import { UnreadBadge } from './UnreadBadge.tsx';

/** The sections in the navigation, in the order a user works through them. */
const NAV: { route: string; label: MessageKey }[] = [
  { route: 'dashboard', label: 'ui.nav.dashboard' },
  { route: 'documents', label: 'ui.nav.documents' },
  { route: 'import', label: 'ui.nav.import' },
  { route: 'sign', label: 'ui.nav.sign' },
  { route: 'messages', label: 'ui.nav.messages' },
  { route: 'statements', label: 'ui.nav.statements' },
  { route: 'certificates', label: 'ui.nav.certificates' },
  { route: 'settings', label: 'ui.nav.settings' },
];

/** The app's frame: token bar, navigation, the current screen, the exchange status. It talks only to window.bank. */
export function App() {
  const { t, locale, setLocale } = useI18n();
  const [name = 'dashboard', ...params] = useRoute();
  const Screen = Object.hasOwn(ROUTES, name) ? ROUTES[name] : undefined;
  return (
    <div className="app">
      <header className="topbar">
        <a className="skip" href="#main">
          {t('ui.nav.skip')}
        </a>
        <strong className="brand">{t('app.title')}</strong>
        <TokenBar />
        <label className="lang">
          <span className="visually-hidden">{t('ui.language')}</span>
          <select value={locale} onChange={(e) => setLocale(e.target.value === 'en' ? 'en' : 'ru')}>
            <option value="ru">Русский</option>
            <option value="en">English</option>
          </select>
        </label>
      </header>
      <nav className="sidenav" aria-label={t('ui.nav.label')}>
        <ul>
          {NAV.map((item) => (
            <li key={item.route}>
              <a href={href(item.route)} aria-current={item.route === name ? 'page' : undefined}>
                {t(item.label)}
                {item.route === 'messages' && <UnreadBadge route={[name, ...params].join('/')} />}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <DemoBanner />
        <SessionWatch />
        <Suspense fallback={<p className="muted">{t('ui.common.loading')}</p>}>{Screen ? <Screen params={params} /> : <p>{t('ui.common.not-found')}</p>}</Suspense>
      </main>
      <SyncBar />
    </div>
  );
}

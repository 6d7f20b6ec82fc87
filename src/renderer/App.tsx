import { Suspense, useEffect, useRef, useState, type MouseEvent, type RefObject } from 'react';
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

/**
 * Keeps the page title and the keyboard focus with the screen (WCAG 2.4.2, 2.4.3): the title is
 * the screen's heading; after a navigation the focus moves to the new screen's heading (not left
 * on the menu link); and when the element that had the focus in the screen goes away or is
 * disabled (a Save that re-renders the form), it goes to the heading rather than to the body.
 */
function useScreenFocus(main: RefObject<HTMLElement | null>, routeKey: string, title: (screen: string) => string): void {
  const titleRef = useRef(title);
  titleRef.current = title;
  const firstRoute = useRef(true);
  const lastFocus = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const el = main.current;
    if (!el) return;
    const onFocusIn = (e: FocusEvent): void => void (lastFocus.current = e.target instanceof HTMLElement ? e.target : null);
    el.addEventListener('focusin', onFocusIn);
    return () => el.removeEventListener('focusin', onFocusIn);
  }, [main]);
  useEffect(() => {
    const el = main.current;
    if (!el) return;
    let focusPending = !firstRoute.current;
    const before = document.activeElement;
    firstRoute.current = false;
    const heading = (): HTMLElement | null => el.querySelector('h1');
    const focusHeading = (h: HTMLElement): void => {
      if (!h.hasAttribute('tabindex')) h.tabIndex = -1;
      h.focus({ preventScroll: false });
    };
    const update = (): void => {
      const h = heading();
      const text = h?.textContent?.trim();
      const wanted = text ? titleRef.current(text) : titleRef.current('');
      if (text && document.title !== wanted) document.title = wanted;
      if (h && focusPending) {
        focusPending = false;
        // unless the user has already moved on into the new screen
        const now = document.activeElement;
        if (now === before || now === document.body || now === el || !el.contains(now)) focusHeading(h);
        return;
      }
      const lost = lastFocus.current;
      if (h && lost && document.activeElement === document.body && (!lost.isConnected || (lost as HTMLButtonElement).disabled)) {
        lastFocus.current = null;
        focusHeading(h);
      }
    };
    update();
    const observer = new MutationObserver(update);
    observer.observe(el, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['disabled'] });
    return () => observer.disconnect();
  }, [main, routeKey]);
}

/** The app's frame: token bar, navigation, the current screen, the exchange status. It talks only to window.bank. */
export function App() {
  const { t, locale, setLocale } = useI18n();
  const route = useRoute();
  const [name = 'dashboard', ...params] = route;
  const Screen = Object.hasOwn(ROUTES, name) ? ROUTES[name] : undefined;
  const main = useRef<HTMLElement>(null);
  const routeKey = route.join('/');
  const [menuOpen, setMenuOpen] = useState(false);
  // a narrow window's menu closes once a section is chosen
  useEffect(() => setMenuOpen(false), [routeKey]);
  useScreenFocus(main, `${routeKey}`, (screen) => (screen ? t('ui.nav.page-title', { screen }) : t('app.title')));
  // the title follows the language too
  useEffect(() => {
    const h = main.current?.querySelector('h1')?.textContent?.trim();
    if (h) document.title = t('ui.nav.page-title', { screen: h });
  }, [locale, t]);
  // the skip link focuses the screen without touching the hash (the router reads the hash as the route)
  const skip = (e: MouseEvent<HTMLAnchorElement>): void => {
    e.preventDefault();
    main.current?.focus();
  };
  return (
    <div className={menuOpen ? 'app menu-open' : 'app'}>
      <header className="topbar">
        <a className="skip" href="#main" onClick={skip}>
          {t('ui.nav.skip')}
        </a>
        <button type="button" className="menu-button secondary" aria-expanded={menuOpen} aria-controls="app-menu app-account" onClick={() => setMenuOpen(!menuOpen)}>
          {t('ui.nav.menu')}
        </button>
        <strong className="brand">{t('app.title')}</strong>
        <div className="account" id="app-account">
          <TokenBar />
        </div>
        <label className="lang">
          <span className="visually-hidden">{t('ui.language')}</span>
          <select value={locale} onChange={(e) => setLocale(e.target.value === 'en' ? 'en' : 'ru')}>
            <option value="ru">Русский</option>
            <option value="en">English</option>
          </select>
        </label>
      </header>
      <nav className="sidenav" id="app-menu" aria-label={t('ui.nav.label')}>
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
      <main id="main" tabIndex={-1} ref={main}>
        <DemoBanner />
        <SessionWatch />
        <Suspense fallback={<p className="muted">{t('ui.common.loading')}</p>}>{Screen ? <Screen params={params} /> : <h1>{t('ui.common.not-found')}</h1>}</Suspense>
      </main>
      <SyncBar />
    </div>
  );
}

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { I18nProvider, initialLocale } from './i18n.tsx';
import { currentRoute } from './router.tsx';
import { prefetchAreas, preloadRoute } from './screens/index.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// the page's language from the start (screen readers, and the first paint), before anything loads
document.documentElement.lang = initialLocale();
// the first screen's code first, so it shows without a loading state; the rest when idle
await preloadRoute(currentRoute()[0] ?? 'dashboard');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
prefetchAreas();

/** Vite bundles CSS imported by the page's modules into one stylesheet file (CSP: style-src 'self'). */
declare module '*.css';

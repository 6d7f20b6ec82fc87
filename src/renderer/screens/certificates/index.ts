import { createElement } from 'react';
import type { Routes } from '../routes.ts';
import './certificates.css';
import { CertificateList } from './CertificateList.tsx';
import { EnrolWizard } from './EnrolWizard.tsx';
import { PinForms } from './PinForms.tsx';
import { Settings } from './Settings.tsx';
import { startTheme } from './theme.ts';

// the theme chosen in the settings holds from the first paint, whatever the route
startTheme();

/** The certificates area's screens by route name: the list, `certificates/enrol`, `certificates/pin`; and the settings. */
export const certificatesRoutes: Routes = {
  certificates: ({ params }) =>
    params[0] === 'enrol' ? createElement(EnrolWizard) : params[0] === 'pin' ? createElement(PinForms) : createElement(CertificateList),
  settings: () => createElement(Settings),
};

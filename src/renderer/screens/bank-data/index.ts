import type { Routes } from '../routes.ts';
import './bank-data.css';
import { ContractView } from './ContractView.tsx';
import { Dashboard } from './Dashboard.tsx';
import { Messages } from './Messages.tsx';
import { Statements } from './Statements.tsx';

/** The bank-data area's screens by route name. */
export const bankDataRoutes: Routes = {
  dashboard: Dashboard,
  contract: ContractView,
  messages: Messages,
  statements: Statements,
};

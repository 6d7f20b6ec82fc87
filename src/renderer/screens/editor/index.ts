import type { Routes } from '../routes.ts';
import { EditDocument, NewDocument } from './EditorScreen.tsx';
import './editor.css';

/** The editor area's screens by route name: `#/new` (choose a kind), `#/new/KIND`, `#/edit/ID`. */
export const editorRoutes: Routes = {
  new: NewDocument,
  edit: EditDocument,
};

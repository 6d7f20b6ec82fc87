import type { Routes } from '../routes.ts';
import { CopyDocument, EditDocument, NewDocument } from './EditorScreen.tsx';
import './editor.css';

/** The editor area's screens by route name: `#/new` (choose a kind), `#/new/KIND`, `#/edit/ID`, `#/copy/ID` (a copy, saved only by Save). */
export const editorRoutes: Routes = {
  new: NewDocument,
  edit: EditDocument,
  copy: CopyDocument,
};

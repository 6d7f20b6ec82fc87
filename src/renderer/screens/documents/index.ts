import type { Routes } from '../routes.ts';
import { DocumentList } from './DocumentList.tsx';
import { DocumentView } from './DocumentView.tsx';
import './documents.css';

/** The documents area's screens by route name: the list (#/documents) and one document (#/document/ID). */
export const documentsRoutes: Routes = {
  documents: DocumentList,
  document: DocumentView,
};

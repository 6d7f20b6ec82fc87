import { randomUUID } from 'node:crypto';
import type { DocumentKindName } from '../../shared/bank-api/documents/index.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import { TemplateStore, type Template } from '../store/templates.ts';
import type { DocumentRecord, DocumentService } from './document-service.ts';

export type { Template } from '../store/templates.ts';

/** Frequent payments: a document's content kept under a name, made into a fresh draft in one step. */
export class Templates {
  private readonly store: TemplateStore;

  constructor(private readonly documents: DocumentService) {
    this.store = new TemplateStore(documents.db);
  }

  /** Keeps a stored document's content. */
  save(name: string, documentId: string): Template {
    const doc = this.documents.get(documentId);
    return this.keep(name, doc.kind, doc.body.content);
  }

  /** Keeps a content as typed in the editor, stored or not; its structure must be the kind's. */
  saveContent(name: string, kind: DocumentKindName, content: unknown): Template {
    return this.keep(name, kind, this.documents.parse(kind, content).content);
  }

  private keep(name: string, kind: DocumentKindName, content: unknown): Template {
    const trimmed = name.trim();
    if (!trimmed) throw new LocalizedError('template.name-required');
    if (this.store.hasName(trimmed)) throw new LocalizedError('template.exists', { name: trimmed });
    const t: Template = { id: randomUUID(), name: trimmed, kind, content, createdAt: new Date().toISOString() };
    this.store.add(t);
    return t;
  }

  list(): Template[] {
    return this.store.list();
  }

  find(nameOrId: string): Template {
    const t = this.list().find((x) => x.id === nameOrId || x.name === nameOrId);
    if (!t) throw new LocalizedError('template.not-found', { name: nameOrId });
    return t;
  }

  /** A new draft from the template, dated today and numbered next. */
  use(nameOrId: string): DocumentRecord {
    const t = this.find(nameOrId);
    const body = this.documents.parse(t.kind, t.content);
    return this.documents.create({ kind: t.kind, content: this.documents.freshen(body), origin: 'template' });
  }

  remove(nameOrId: string): void {
    this.store.remove(this.find(nameOrId).id);
  }
}

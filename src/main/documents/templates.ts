import { randomUUID } from 'node:crypto';
import type { DocumentKindName } from '../../shared/bank-api/documents/index.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import type { DocumentRecord, DocumentService } from './document-service.ts';

export interface Template {
  id: string;
  name: string;
  kind: DocumentKindName;
  content: unknown;
  createdAt: string;
}

interface Row {
  id: string;
  name: string;
  kind: DocumentKindName;
  content: string;
  created_at: string;
}

/** Frequent payments: a document's content kept under a name, made into a fresh draft in one step. */
export class Templates {
  constructor(private readonly documents: DocumentService) {}

  private get db() {
    return this.documents.db;
  }

  save(name: string, documentId: string): Template {
    const doc = this.documents.get(documentId);
    const trimmed = name.trim();
    if (!trimmed) throw new LocalizedError('template.name-required');
    if (this.db.prepare('SELECT 1 FROM templates WHERE name = ?').get(trimmed)) throw new LocalizedError('template.exists', { name: trimmed });
    const t: Template = { id: randomUUID(), name: trimmed, kind: doc.kind, content: doc.body.content, createdAt: new Date().toISOString() };
    this.db.prepare('INSERT INTO templates (id, name, kind, content, created_at) VALUES (?, ?, ?, ?, ?)').run(t.id, t.name, t.kind, JSON.stringify(t.content), t.createdAt);
    return t;
  }

  list(): Template[] {
    return (this.db.prepare('SELECT * FROM templates ORDER BY name').all() as Row[]).map((r) => ({ id: r.id, name: r.name, kind: r.kind, content: JSON.parse(r.content), createdAt: r.created_at }));
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
    this.db.prepare('DELETE FROM templates WHERE id = ?').run(this.find(nameOrId).id);
  }
}

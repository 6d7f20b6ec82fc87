/** The templates table: documents' contents kept under a unique name (documents/templates.ts decides what may be kept). */
import type { DocumentKindName } from '../../shared/bank-api/documents/index.ts';
import { sql, type Db } from './database.ts';

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

export class TemplateStore {
  constructor(private readonly db: Db) {}

  /** By name, as the editor's list shows them. */
  list(): Template[] {
    return (sql(this.db, 'SELECT * FROM templates ORDER BY name').all() as Row[]).map((r) => ({ id: r.id, name: r.name, kind: r.kind, content: JSON.parse(r.content), createdAt: r.created_at }));
  }

  hasName(name: string): boolean {
    return sql(this.db, 'SELECT 1 FROM templates WHERE name = ?').get(name) !== undefined;
  }

  add(t: Template): void {
    sql(this.db, 'INSERT INTO templates (id, name, kind, content, created_at) VALUES (?, ?, ?, ?, ?)').run(t.id, t.name, t.kind, JSON.stringify(t.content), t.createdAt);
  }

  remove(id: string): void {
    sql(this.db, 'DELETE FROM templates WHERE id = ?').run(id);
  }
}

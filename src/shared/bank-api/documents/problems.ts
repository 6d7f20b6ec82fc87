/**
 * Findings about a document as a server answers them (problem+json "validation-failed" lists
 * them): the field's dotted path relative to the content ("payer.inn", "attachments.0.size"; the
 * envelope's own fields are "kind", "version", "content", and "" the whole body), a stable code,
 * the severity, and the message in English and Russian.
 */
import type { z } from 'zod';
import type { Severity, ValidationIssue } from '../../domain/validation.ts';
import { issueMessage } from '../../i18n/validation.ts';
import type { LocalizedText } from './common.ts';

export interface DocumentProblem {
  field: string;
  code: string;
  severity: Severity;
  params?: Record<string, string | number>;
  message: LocalizedText;
}

/** Issues with their messages in both languages, as `kind` labels its fields. */
export function describeIssues(issues: readonly ValidationIssue[], kind?: string): DocumentProblem[] {
  return issues.map((issue) => ({ ...issue, message: { en: issueMessage('en', issue, kind), ru: issueMessage('ru', issue, kind) } }));
}

/** The dotted path of a zod path: "content" is dropped in front of a content field. */
export function fieldPath(path: readonly PropertyKey[]): string {
  const rel = path.length > 1 && path[0] === 'content' ? path.slice(1) : path;
  return rel.map(String).join('.');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): { present: boolean; value: unknown } {
  let here: unknown = input;
  for (const key of path) {
    if (here === null || typeof here !== 'object' || !Object.hasOwn(here, key)) return { present: false, value: undefined };
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return { present: true, value: here };
}

const shown = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v))).slice(0, 100);

/** zod's findings about `input`, as rule codes the i18n table knows. */
export function issuesFromZod(error: z.ZodError, input: unknown): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const add = (path: readonly PropertyKey[], code: string, params?: ValidationIssue['params']): void => {
    out.push({ field: fieldPath(path), code, severity: 'error', ...(params ? { params } : {}) });
  };
  for (const issue of error.issues) {
    const at = valueAt(input, issue.path);
    const missing = !at.present || at.value === undefined;
    if (missing && (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union')) {
      add(issue.path, 'required');
      continue;
    }
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) add([...issue.path, key], 'field.unknown');
        break;
      case 'invalid_type':
        add(issue.path, 'type.invalid', { value: issue.expected });
        break;
      case 'invalid_union':
        if (issue.path.length === 1 && issue.path[0] === 'kind') add(issue.path, 'kind.unknown', { value: shown(at.value) });
        else if ('options' in issue && Array.isArray(issue.options)) add(issue.path, 'value.not-allowed', { value: issue.options.map(String).join(', ') });
        else add(issue.path, 'structure.invalid');
        break;
      case 'invalid_value':
        if (issue.path.length === 1 && issue.path[0] === 'version') add(issue.path, 'version.unsupported', { value: shown(at.value), max: String(issue.values[0]) });
        else add(issue.path, 'value.not-allowed', { value: issue.values.map(String).join(', ') });
        break;
      case 'too_big':
        if (issue.origin === 'string') add(issue.path, 'too-long', { max: Number(issue.maximum) });
        else if (issue.origin === 'array') add(issue.path, 'too-many', { max: Number(issue.maximum) });
        else add(issue.path, 'number.range', { value: shown(at.value) });
        break;
      case 'too_small':
        if (issue.origin === 'string' || issue.origin === 'array') add(issue.path, 'required');
        else add(issue.path, 'number.range', { value: shown(at.value) });
        break;
      default:
        add(issue.path, 'structure.invalid');
    }
  }
  return out;
}

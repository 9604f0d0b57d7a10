// What `apply` and `diff` share: reading the documents (files, directories, stdin), sending them,
// and saying a refusal in terms of the documents: the object (kind and name) and its file:line,
// once each, instead of the server's `documents[3]` (issue 14).
import type { ApiResult } from '@ripcord/protocol/api';
import type { ApiClient } from '../client.js';
import { ApiError } from '../client.js';
import type { SourceDocument } from '../read-documents.js';

/** What the server answers for each document. */
export type ApplyResults = ApiResult<'applyDocuments'>['results'];

/** Reads every document of the files and directories given, Workflows first, then Bundles, then Releases. */
export async function readForApply(files: string[]): Promise<SourceDocument[]> {
  // yaml is loaded only by the commands that read files (issue 12: a fast start for the rest).
  const { readAllDocuments } = await import('../read-documents.js');
  return readAllDocuments(files);
}

/** `Release support-summary/production/sonnet-5-tier`: a document's kind and name as the results name it. */
export function objectName(value: unknown): string {
  const d = (value ?? {}) as Record<string, unknown>;
  const s = (k: string) => (typeof d[k] === 'string' ? d[k] : '?');
  const kind = typeof d.kind === 'string' ? d.kind : 'document';
  if (kind === 'Bundle') return `Bundle ${s('workflow')}/${s('version')}`;
  if (kind === 'Release') return `Release ${s('workflow')}/${s('environment')}/${s('name')}`;
  return `${kind} ${s('name')}`;
}

/** Where a document is: `examples/a.yaml:12`. */
export const placeOf = (doc: SourceDocument, path: (string | number)[] = []) =>
  `${doc.file}:${path.length > 0 ? doc.lineOf(path) : doc.line}`;

/** `plan[0].canary.percent` → ['plan', 0, 'canary', 'percent']. */
export function pathParts(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/** Sends the documents to POST /v1/apply (a dry run when asked); a refusal names the documents. */
export async function sendDocuments(
  client: ApiClient,
  documents: SourceDocument[],
  dryRun: boolean,
): Promise<ApplyResults> {
  const path = dryRun ? '/v1/apply?dryRun=true' : '/v1/apply';
  try {
    const r = await client.post<ApiResult<'applyDocuments'>>(path, { documents: documents.map((d) => d.value) });
    // A server from before dry runs ignores the parameter and applies: say so rather than "(dry run)".
    if (dryRun && r.dryRun !== true)
      throw new Error(
        `the server does not know dry runs (it is older than this CLI): the documents WERE applied: ${r.results.map((x) => `${x.kind} ${x.name} ${x.outcome}`).join(', ')}`,
      );
    return r.results;
  } catch (error) {
    throw error instanceof ApiError ? located(error, documents) : error;
  }
}

/**
 * The server's refusal with each `documents[N]` replaced by the object and its file:line. One detail
 * becomes the message itself (printed once); several are listed under a count.
 */
export function located(error: ApiError, documents: SourceDocument[]): ApiError {
  const prefixed = /^documents\[(\d+)\](?:\.|: )?/;
  const where = (index: number, path: string) => {
    const doc = documents[index];
    return doc ? `${objectName(doc.value)} (${placeOf(doc, pathParts(path))})` : `document ${index + 1}`;
  };
  const whole = prefixed.exec(error.message);
  const wholeIndex = whole ? Number(whole[1]) : undefined;
  const details = error.details.map((d) => {
    const m = d.path ? prefixed.exec(d.path) : null;
    const index = m ? Number(m[1]) : wholeIndex;
    const rest = m ? d.path!.slice(m[0].length) : (d.path ?? '');
    if (index === undefined) return d;
    return { ...d, path: `${where(index, rest)}${rest ? `: ${rest}` : ''}` };
  });
  if (details.length === 1 && error.code === 'validation_failed')
    return new ApiError(error.code, `${details[0]!.path}: ${details[0]!.message}`, error.status, []);
  let message = error.message;
  if (wholeIndex !== undefined) message = `${where(wholeIndex, '')}: ${message.replace(prefixed, '')}`;
  else if (details.length > 1 && error.code === 'validation_failed')
    message = `${details.length} problems in the documents`;
  // A message that already says its only detail is not followed by it again.
  const repeated = details.length === 1 && message.includes(details[0]!.message);
  return new ApiError(error.code, message, error.status, repeated ? [] : details);
}

/** A field that differs: its path, the stored value and the document's (undefined: absent). */
export interface FieldChange {
  path: string;
  from: unknown;
  to: unknown;
}

/**
 * The fields a document sets that differ from the stored object. Fields the document leaves out are
 * not compared: the server fills them with defaults.
 */
export function fieldChanges(stored: unknown, document: unknown, path = ''): FieldChange[] {
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isMap(document) && isMap(stored))
    return Object.entries(document).flatMap(([key, value]) =>
      path === '' && key === 'kind' ? [] : fieldChanges(stored[key], value, path ? `${path}.${key}` : key),
    );
  if (Array.isArray(document) && Array.isArray(stored) && document.length === stored.length)
    return document.flatMap((value, i) => fieldChanges(stored[i], value, `${path}[${i}]`));
  return JSON.stringify(stored) === JSON.stringify(document) ? [] : [{ path, from: stored, to: document }];
}

// Reads the YAML or JSON documents of files, directories or stdin: `apply -f`, `diff -f` and the
// demo's examples; also YAML in and out for the config file and `-o yaml`. A module of its own so that
// yaml is loaded only by what needs it (the compiled CLI loads it on demand).
import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseAllDocuments, parse, stringify, isNode, type Document } from 'yaml';

/** A document with where it came from: its file, the line it starts on, and how to find a field's line. */
export interface SourceDocument {
  value: unknown;
  file: string;
  line: number;
  /** The line of a field (`['plan', 0, 'canary']`), or of the nearest enclosing field that exists. */
  lineOf: (path: (string | number)[]) => number;
}

/** The order `apply` sends kinds in: what a document refers to is applied before it. */
const kindOrder: Record<string, number> = { Workflow: 0, Bundle: 1, Release: 2 };

/** Parses YAML (the config file). */
export function parseYaml(text: string): unknown {
  return parse(text) as unknown;
}

/** Prints a value as YAML (`-o yaml`, the config file). */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

/** Reads a file (or stdin for "-") and parses every YAML/JSON document in it. */
export function readDocuments(file: string, stdin: () => string = () => fs.readFileSync(0, 'utf8')): unknown[] {
  return readSourceDocuments(file, stdin).map((d) => d.value);
}

/**
 * The documents of every file given: a directory stands for its *.yaml, *.yml and *.json files (not
 * its subdirectories), in name order. Documents are then ordered by kind, Workflows, Bundles, then
 * Releases, keeping the given order within a kind.
 */
export function readAllDocuments(files: string[], stdin?: () => string): SourceDocument[] {
  const documents = files.flatMap((f) => expand(f).flatMap((one) => readSourceDocuments(one, stdin)));
  const rank = (d: SourceDocument) => kindOrder[String((d.value as { kind?: unknown }).kind)] ?? 3;
  return documents
    .map((d, i) => ({ d, i }))
    .sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i)
    .map((x) => x.d);
}

function expand(file: string): string[] {
  if (file === '-' || !fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) return [file];
  const found = fs
    .readdirSync(file, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/i.test(e.name))
    .map((e) => path.join(file, e.name))
    .sort();
  if (found.length === 0) throw new Error(`${file}: a directory with no .yaml, .yml or .json files`);
  return found;
}

/** Reads one file (or stdin) with each document's position. */
export function readSourceDocuments(
  file: string,
  stdin: () => string = () => fs.readFileSync(0, 'utf8'),
): SourceDocument[] {
  const name = file === '-' ? 'stdin' : file;
  const text = file === '-' ? stdin() : readFile(file);
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { prettyErrors: true, lineCounter: lines });
  const out: SourceDocument[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      const at = e.linePos?.[0] ? `:${e.linePos[0].line}` : '';
      throw new Error(`${name}${at}: ${e.message.split('\n')[0]}`);
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    const lineAt = (offset: number) => lines.linePos(offset).line;
    const start = lineAt(doc.contents?.range?.[0] ?? doc.range[0]);
    out.push({ value, file: name, line: start, lineOf: (p) => fieldLine(doc, p, lineAt) ?? start });
  }
  if (out.length === 0) throw new Error(`${name}: no documents found`);
  return out;
}

function fieldLine(doc: Document, fieldPath: (string | number)[], lineAt: (offset: number) => number) {
  for (let n = fieldPath.length; n > 0; n--) {
    const node = doc.getIn(fieldPath.slice(0, n), true);
    if (isNode(node) && node.range) return lineAt(node.range[0]);
  }
  return undefined;
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${file}: no such file` : `${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

// Reads the YAML or JSON documents of a file or stdin: `apply -f` and the demo's examples. A module of
// its own so that yaml is loaded only by what reads files (the compiled CLI loads it on demand).
import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';

/** Reads a file (or stdin for "-") and parses every YAML/JSON document in it. */
export function readDocuments(file: string, stdin: () => string = () => fs.readFileSync(0, 'utf8')): unknown[] {
  const text = file === '-' ? stdin() : readFile(file);
  const docs = parseAllDocuments(text, { prettyErrors: true });
  const out: unknown[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      throw new Error(`${file === '-' ? 'stdin' : file}: ${e.message}`);
    }
    const value = doc.toJS() as unknown;
    if (value !== null && value !== undefined) out.push(value);
  }
  if (out.length === 0) throw new Error(`${file === '-' ? 'stdin' : file}: no documents found`);
  return out;
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

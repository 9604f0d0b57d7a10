/**
 * The API contract's generated parts, from the OpenAPI document the server's zod schemas make
 * (`createApp`, built in process: no server, no store opened):
 *
 *   packages/protocol/src/api/openapi-types.ts   TypeScript types (openapi-typescript) for the CLI and dashboard
 *   docs/api.md                                  the operations table between its markers
 *
 *   npm run api:generate    rewrites both
 *   npm run lint:api        lints the document with Redocly (redocly.yaml: `recommended` + operationId casing)
 *
 * packages/server/test/api-contract.test.ts (in `npm test`) fails when either file is stale and
 * runs the same lint.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import prettier from 'prettier';
import ts from 'typescript';
import { ManualClock } from '../packages/server/src/clock.js';
import { createApp } from '../packages/server/src/create-app.js';
import type { Database, Db } from '../packages/server/src/db/database.js';
import { openApiDocument } from '../packages/server/src/http/openapi-document.js';
import { createLogger } from '../packages/server/src/logger.js';

const root = fileURLToPath(new URL('../', import.meta.url));
/** Where the generated types live (`@ripcord/protocol/api` re-exports them). */
export const TYPES_FILE = path.join(root, 'packages/protocol/src/api/openapi-types.ts');
/** The page whose operations table is generated. */
export const DOCS_FILE = path.join(root, 'docs/api.md');
const TABLE_START = '<!-- operations: generated from the OpenAPI document by `npm run api:generate`; do not edit -->';
const TABLE_END = '<!-- end of operations -->';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The OpenAPI document as the server serves it at /v1/openapi.json. */
export type ApiDocument = ReturnType<typeof openApiDocument>;

/** The document, from `createApp` over a store that is never opened (routes are registered at construction). */
export function buildDocument(): ApiDocument {
  const db = new Proxy({} as Db, {
    get: () => {
      throw new Error('building the OpenAPI document must not touch the store');
    },
  });
  const database: Database = { db, engine: 'pglite', close: () => Promise.resolve() };
  const { app } = createApp({
    database,
    clock: new ManualClock('2026-01-01T00:00:00.000Z'),
    logger: createLogger({ level: 'silent' }),
    config: { bodyLimitBytes: 1024 * 1024, cooldownMs: 72 * 3600e3 },
  });
  return openApiDocument(app);
}

/** Formats `text` as prettier would format `file` (so `npm run format:check` accepts generated files). */
async function formatted(text: string, file: string): Promise<string> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, filepath: file });
}

/** The TypeScript types of the document: paths, operations by operationId, and every named schema. */
export async function renderTypes(doc: ApiDocument): Promise<string> {
  const ast = await openapiTS(doc as unknown as OpenAPI3, {
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
    // A self-referencing union inside `components` resolves to `any` in TypeScript; the protocol's
    // own recursive JsonValue says the same thing without it.
    transform: (_schema, { path: at }) =>
      at === '#/components/schemas/JsonValue' ? ts.factory.createTypeReferenceNode('WireJsonValue') : undefined,
  });
  const header = [
    '/**',
    ' * The control plane API as TypeScript types, generated from its OpenAPI document (the server’s zod',
    ' * schemas) by `npm run api:generate` with openapi-typescript. Do not edit: change the schemas and',
    ' * regenerate; packages/server/test/api-contract.test.ts fails while this file is stale.',
    ' */',
    "/* eslint-disable @typescript-eslint/no-redundant-type-constituents -- `'release' | string` mirrors the schema's union */",
    "import type { JsonValue as WireJsonValue } from '../config.js';",
    '',
  ].join('\n');
  // As openapi-typescript writes it: .prettierignore skips this file (formatting 7,000 lines costs seconds per test run).
  return header + astToString(ast);
}

/** One table row per operation, in document order. */
function operationRows(doc: ApiDocument): string[] {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const rows: string[] = [];
  for (const [route, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op) continue;
      rows.push(
        `| ${method.toUpperCase()} | \`${route}\` | \`${op.operationId ?? '(none)'}\` | ${cell(op.summary ?? '')} |`,
      );
    }
  }
  return rows;
}

/** `page` with its operations table replaced by the document's. */
export async function renderDocs(doc: ApiDocument, page: string): Promise<string> {
  const start = page.indexOf(TABLE_START);
  const end = page.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`${DOCS_FILE} lacks the operations table markers`);
  const table = ['| method | path | operationId | what |', '| --- | --- | --- | --- |', ...operationRows(doc)];
  const next = `${page.slice(0, start)}${TABLE_START}\n\n${table.join('\n')}\n\n${page.slice(end)}`;
  return formatted(next, DOCS_FILE);
}

/** The generated files and what they should contain now. */
export async function expectedFiles(doc = buildDocument()): Promise<{ file: string; text: string }[]> {
  return [
    { file: TYPES_FILE, text: await renderTypes(doc) },
    { file: DOCS_FILE, text: await renderDocs(doc, fs.readFileSync(DOCS_FILE, 'utf8')) },
  ];
}

/** Redocly's verdict on the document: exit status and its JSON report. */
export function lintDocument(doc: ApiDocument): { status: number | null; report: string; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ripcord-openapi-'));
  try {
    const file = path.join(dir, 'openapi.json');
    fs.writeFileSync(file, JSON.stringify(doc, null, 2));
    const cli = path.join(
      path.dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')),
      'bin/cli.js',
    );
    const run = spawnSync(
      process.execPath,
      [cli, 'lint', '--config', path.join(root, 'redocly.yaml'), '--format', 'json', file],
      {
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    return { status: run.status, report: run.stdout, stderr: run.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(args: string[]): Promise<number> {
  const doc = buildDocument();
  if (args.includes('--lint')) {
    const { status, report, stderr } = lintDocument(doc);
    const totals = (JSON.parse(report) as { totals: { errors: number; warnings: number } }).totals;
    console.log(report.trim() === '' ? stderr : `redocly lint: ${totals.errors} errors, ${totals.warnings} warnings`);
    if (totals.errors + totals.warnings > 0) console.log(report);
    return status === 0 && totals.warnings === 0 ? 0 : 1;
  }
  for (const { file, text } of await expectedFiles(doc)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`wrote ${path.relative(root, file)}`);
  }
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main(process.argv.slice(2));

/**
 * A small gherkin runner for vitest: parses the vendored OpenFeature features with the official
 * parser (@cucumber/gherkin), expands outlines into pickles, and runs each pickle's steps against
 * step definitions (a regular expression and a function each). An unmatched step fails the scenario.
 */
import fs from 'node:fs';
import { AstBuilder, compile, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator, type Pickle } from '@cucumber/messages';

/** A step's data table as rows of cells (header row included). */
export type DataTable = string[][];

/** One step definition: the captures of `pattern` are passed as strings, then the data table. */
export interface StepDefinition<W> {
  pattern: RegExp;
  run: (world: W, args: string[], table: DataTable | undefined) => Promise<void> | void;
}

/** A scenario ready to run, with a name unique within its feature. */
export interface Scenario {
  feature: string;
  name: string;
  pickle: Pickle;
}

/** The scenarios of a feature file, outlines expanded; names carry the step that varies. */
export function loadScenarios(file: string, feature: string): Scenario[] {
  const newId = IdGenerator.incrementing();
  const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
  const document = parser.parse(fs.readFileSync(file, 'utf8'));
  const pickles = compile(document, file, newId);
  const seen = new Map<string, number>();
  return pickles.map((pickle) => {
    const distinct = pickle.steps.find((s) => s.text !== 'a stable provider')?.text ?? '';
    let name = `${pickle.name} — ${distinct}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    if (n > 1) name = `${name} (${n})`;
    return { feature, name, pickle };
  });
}

/** Runs a scenario's steps in order; throws on the first failing or undefined step. */
export async function runScenario<W>(scenario: Scenario, steps: readonly StepDefinition<W>[], world: W): Promise<void> {
  for (const step of scenario.pickle.steps) {
    const matches = steps
      .map((d) => ({ d, m: d.pattern.exec(step.text) }))
      .filter((x): x is { d: StepDefinition<W>; m: RegExpExecArray } => x.m !== null);
    if (matches.length !== 1)
      throw new Error(`${matches.length === 0 ? 'no' : 'more than one'} step definition for: ${step.text}`);
    const { d, m } = matches[0]!;
    const table = step.argument?.dataTable?.rows.map((r) => r.cells.map((c) => c.value));
    try {
      await d.run(world, m.slice(1), table);
    } catch (error) {
      throw new Error(`step failed: ${step.text}\n${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }
}

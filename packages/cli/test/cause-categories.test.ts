/**
 * The CLI offers `--cause` choices from its own list (it never imports the server, and the
 * protocol package holds types only); the server's list is the one the API enforces. They must be
 * the same list, in the same order, or a review would offer a cause the server refuses.
 */
import { describe, expect, it } from 'vitest';
import { CAUSE_CATEGORIES as cliCauses } from '../src/commands/incidents.js';
import { CAUSE_CATEGORIES as serverCauses } from '../../server/src/features/incidents/cause-categories.js';

describe('root-cause categories', () => {
  it('are the same in the CLI as in the server', () => {
    expect([...cliCauses]).toEqual([...serverCauses]);
  });
});

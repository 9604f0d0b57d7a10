/**
 * Kept only for `run-demo.ts`, which still imports its view from here: every API view is
 * described once, in `../api-types.ts`. Remove this file once that import moves.
 */
export type { ConfigShown } from '../api-types.js';

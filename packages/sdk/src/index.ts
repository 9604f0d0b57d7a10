/**
 * @ripcord/sdk: local flag evaluation and routing for AI workflows, streaming sync with the
 * ripcord server, and outcome reporting. Zero runtime dependencies.
 */
export * from './evaluation/index.js';

// The demo as one module: what `ripcord demo` loads when it runs, and only then (it loads the
// server; see ../load-server.ts).
export { runDemo, type DemoOptions, type DemoResult } from './run-demo.js';
export { humanLines, jsonLines } from './demo-output.js';

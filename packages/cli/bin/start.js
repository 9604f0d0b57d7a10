#!/usr/bin/env node
// `npm start`: the control plane on 127.0.0.1:7400 with an embedded store in ./.ripcord/.
// `npm start -- demo` (or any other command) runs that ripcord command instead.
import { loadCli } from './load-cli.js';

const { main, endQuietlyOnClosedPipe } = await loadCli();
endQuietlyOnClosedPipe();
const args = process.argv.slice(2);
process.exitCode = await main(args.length === 0 || args[0]?.startsWith('-') ? ['serve', ...args] : args);

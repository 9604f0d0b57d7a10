#!/usr/bin/env node
// The ripcord CLI: the compiled bundle in ../dist/, rebuilt when a source changed (see load-cli.js).
import { loadCli } from './load-cli.js';

const { main, endQuietlyOnClosedPipe } = await loadCli();
endQuietlyOnClosedPipe();
process.exitCode = await main(process.argv.slice(2));

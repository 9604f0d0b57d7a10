#!/usr/bin/env node
// The ripcord CLI. Sources are TypeScript, loaded through tsx so that a clone runs without a build.
import { register } from 'tsx/esm/api';

register();
const { main, endQuietlyOnClosedPipe } = await import('../src/main.ts');
endQuietlyOnClosedPipe();
process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ and bundled into dist/bundle/ by `npm install` (the
// prepare script; scripts/bundle.mjs says why it is bundled).
import { main } from '../dist/bundle/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err?.stack ?? String(err)); process.exitCode = 70; },
);

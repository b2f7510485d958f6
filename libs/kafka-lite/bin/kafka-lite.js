#!/usr/bin/env node
'use strict';
// Runs the TypeScript sources directly (no build step) through tsx's CommonJS loader.
require('tsx/cjs');
require('../src/cli.ts')
  .main(process.argv.slice(2))
  .catch((err) => {
    process.stderr.write(`kafka-lite: ${err && err.message ? err.message : String(err)}\n`);
    process.exit(1);
  });

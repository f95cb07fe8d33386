#!/usr/bin/env node
import { airbyteMain } from '../dist/airbyte-cli.js';

let output;
process.stdout.on('error', () => undefined);
process.once('SIGTERM', () => {
  Promise.resolve(output?.flush())
    .catch(() => undefined)
    .finally(() => process.exit(143));
});
process.exitCode = await airbyteMain(process.argv.slice(2), {
  stdout: process.stdout,
  env: process.env,
  onOutput: (o) => {
    output = o;
  },
});

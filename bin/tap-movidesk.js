#!/usr/bin/env node
import { main } from '../dist/cli.js';
import { runMain } from './run-main.js';

await runMain(main, { stderr: process.stderr });

#!/usr/bin/env node
import { airbyteMain } from '../dist/airbyte-cli.js';
import { runMain } from './run-main.js';

await runMain(airbyteMain);

import { readFileSync } from 'node:fs';

/** This package's name, version and description (for --version and --about), read from package.json. */
export const PACKAGE = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
  description: string;
};

#!/usr/bin/env node
// Generates src/generated/*.ts from schemas/ with json-schema-to-typescript.
// `--check` regenerates in memory and fails when the committed types have drifted from the schemas.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFromFile } from 'json-schema-to-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const banner =
  '/* eslint-disable */\n/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */';
const options = {
  bannerComment: banner,
  additionalProperties: false,
  format: true,
  style: { singleQuote: true, printWidth: 110 },
};

const jobs = [
  { input: 'schemas/config.json', output: 'src/generated/config.ts' },
  ...['person', 'team'].map((name) => ({
    input: `schemas/shared/${name}.json`,
    output: `src/generated/shared/${name}.ts`,
  })),
  ...readdirSync(join(root, 'schemas/streams'))
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      input: `schemas/streams/${file}`,
      output: `src/generated/streams/${basename(file, '.json')}.ts`,
      stream: true,
    })),
];

const SHARED = { PersonRef: '../shared/person.js', TeamRef: '../shared/team.js' };
const drifted = [];
for (const job of jobs) {
  let ts = await compileFromFile(join(root, job.input), {
    ...options,
    declareExternallyReferenced: !job.stream,
  });
  if (job.stream) {
    // Shared fragments are declared once in src/generated/shared/ and imported, not copied per stream.
    const imports = Object.entries(SHARED)
      .filter(([name]) => new RegExp(`\\b${name}\\b`).test(ts))
      .map(([name, from]) => `import type { ${name} } from '${from}';`);
    if (imports.length) ts = ts.replace(banner, `${banner}\n\n${imports.join('\n')}`);
  }
  const target = join(root, job.output);
  const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
  if (current === ts) continue;
  if (check) drifted.push(relative(root, target));
  else {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, ts);
    console.error(`wrote ${relative(root, target)}`);
  }
}
if (drifted.length) {
  console.error(
    `Generated types are out of date with schemas/: ${drifted.join(', ')}. Run \`npm run gen:types\` and commit.`,
  );
  process.exit(1);
}
if (check) console.error('Generated types match schemas/.');

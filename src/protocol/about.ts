import type { JsonSchema } from '../streams/schemas.js';

/**
 * Meltano's capability names; `test` is singer-sdk's `--test` (one record per stream) and `--test=schema`,
 * `schema-flattening` the settings flattening_enabled and flattening_max_depth (src/protocol/flatten.ts).
 */
export const CAPABILITIES = ['catalog', 'discover', 'state', 'test', 'about', 'schema-flattening'] as const;

export interface About {
  name: string;
  description: string;
  version: string;
  capabilities: readonly string[];
  supported_node_versions: string;
  settings: JsonSchema;
}

/** `--about --format markdown`: the README section Meltano Hub tooling expects. */
export function aboutMarkdown(about: About): string {
  const rows = Object.entries(about.settings.properties ?? {}).map(([name, property]) => {
    const required = (about.settings.required ?? []).includes(name) ? 'True' : 'False';
    const fallback = property.default === undefined ? 'None' : JSON.stringify(property.default);
    return `| ${name} | ${required} | ${fallback} | ${String(property.description ?? '').replace(/\|/g, '\\|')} |`;
  });
  return [
    `# \`${about.name}\``,
    '',
    about.description,
    '',
    '## Capabilities',
    '',
    ...about.capabilities.map((capability) => `* \`${capability}\``),
    '',
    '## Settings',
    '',
    '| Setting | Required | Default | Description |',
    '|:--------|:--------:|:-------:|:------------|',
    ...rows,
    '',
    `A full list of supported settings and capabilities is available by running: \`${about.name} --about\``,
    '',
  ].join('\n');
}

export function aboutText(about: About): string {
  const settings = Object.entries(about.settings.properties ?? {}).map(
    ([name, property]) =>
      `  ${name}${(about.settings.required ?? []).includes(name) ? ' (required)' : ''}: ${String(property.description ?? '')}`,
  );
  return [
    `${about.name} ${about.version}`,
    about.description,
    `Capabilities: ${about.capabilities.join(', ')}`,
    'Settings:',
    ...settings,
    '',
  ].join('\n');
}

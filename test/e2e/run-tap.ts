import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../../simulator/index.js';
import { airbyteMain } from '../../src/airbyte-cli.js';
import { main } from '../../src/cli.js';
import type { JsonRecord } from '../../src/streams/define.js';
import { memoryStream } from '../helpers/harness.js';
import { KEY_OF } from './truth.js';

export interface Message {
  type: string;
  stream?: string;
  record?: JsonRecord;
  value?: unknown;
  schema?: Record<string, unknown>;
  [key: string]: unknown;
}

const dir = mkdtempSync(join(tmpdir(), 'tap-e2e-'));
let files = 0;

export function writeFile(name: string, value: unknown): string {
  const path = join(dir, `${files++}-${name}`);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

/** Runs the Singer tap in-process against the simulator (async: the simulator serves this process). */
export async function runTap(
  sim: Simulator,
  timeScale: number,
  extra: string[] = [],
  config: Record<string, unknown> = {},
) {
  const configPath = writeFile('config.json', { token: sim.token, base_url: sim.url, ...config });
  const stdout = memoryStream();
  const stderr = memoryStream();
  const code = await main(['--config', configPath, ...extra], {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: { TAP_MOVIDESK_TIME_SCALE: String(timeScale) },
  });
  return { code, messages: parseLines(stdout.text()), stderr: stderr.text() };
}

/** Runs `source-movidesk <argv>` in-process; every stdout line is an Airbyte message. */
export async function runSource(sim: Simulator, timeScale: number, argv: string[]) {
  const configPath = writeFile('config.json', { token: sim.token, base_url: sim.url });
  const stdout = memoryStream();
  const code = await airbyteMain([...argv, '--config', configPath], {
    stdout: stdout.stream,
    env: { TAP_MOVIDESK_TIME_SCALE: String(timeScale) },
  });
  return { code, messages: parseLines(stdout.text()) };
}

function parseLines(text: string): Message[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Message);
}

export function keysByStream(messages: Message[]): Record<string, string[]> {
  const keys: Record<string, string[]> = {};
  for (const m of messages) {
    if (m.type !== 'RECORD' || !m.stream || !KEY_OF[m.stream]) continue;
    keys[m.stream] ??= [];
    keys[m.stream]?.push(JSON.stringify(KEY_OF[m.stream]?.(m.record as JsonRecord)));
  }
  return keys;
}

export const sorted = (values: string[] | undefined) => [...(values ?? [])].sort();

export function lastState(messages: Message[]): unknown {
  return messages.filter((m) => m.type === 'STATE').at(-1)?.value;
}

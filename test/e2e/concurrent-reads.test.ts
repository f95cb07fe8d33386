import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.js';
import { airbyteMain } from '../../src/airbyte-cli.js';
import type { TapState } from '../../src/engine/state.js';
import { memoryStream } from '../helpers/harness.js';
import { keysByStream, type Message, runTap, sorted, writeFile } from './run-tap.js';
import { expectedKeys } from './truth.js';

/**
 * The simulator answers like Movidesk: a page of 100 tickets with every collection expanded takes
 * 30 s (simulated), while 10 requests a minute allow a start every 6.1 s: the tap must keep several
 * requests in flight (max_concurrent_requests 4 here) to keep the budget busy. One simulated minute
 * lasts 1.2 s; a full page answers in about 0.6 s.
 */
const TIME_SCALE = 0.02;
const FULL_PAGE_MS = 30_000;
const TICKET_STREAMS = [
  'tickets',
  'ticket_clients',
  'ticket_actions',
  'ticket_action_time_appointments',
  'ticket_action_expenses',
  'ticket_action_attachments',
  'ticket_parent_tickets',
  'ticket_children_tickets',
  'ticket_owner_histories',
  'ticket_status_histories',
  'ticket_custom_field_values',
  'ticket_custom_field_value_items',
  'ticket_assets',
];
const CONFIG = { max_concurrent_requests: 4, lookback_minutes: 0 };

/** Most requests the simulator was answering at the same time, from its request log. */
function mostAtOnce(sim: Simulator): number {
  const events = sim
    .stats()
    .recent.filter((log) => log.path.startsWith('/tickets'))
    .flatMap((log) => {
      const at = Date.parse(log.at);
      return [
        { at, step: 1 },
        { at: at + log.durationMs, step: -1 },
      ];
    })
    .sort((a, b) => a.at - b.at || a.step - b.step);
  let now = 0;
  let most = 0;
  for (const event of events) {
    now += event.step;
    most = Math.max(most, now);
  }
  return most;
}

function ticketFamily(truth: ReturnType<Simulator['truth']>): Record<string, string[]> {
  const all = expectedKeys(truth);
  return Object.fromEntries(TICKET_STREAMS.map((stream) => [stream, all[stream] ?? []]));
}

describe('concurrent reads against a simulator that answers like Movidesk', () => {
  let sim: Simulator;
  let catalog: string;
  beforeAll(async () => {
    sim = await startSimulator({
      seed: 17,
      tickets: 1500,
      timeScale: TIME_SCALE,
      logLimit: 100_000,
      answerMsPerRowUnit: FULL_PAGE_MS / 1300,
    });
    catalog = writeFile('catalog.json', {
      streams: TICKET_STREAMS.map((stream) => ({
        tap_stream_id: stream,
        metadata: [{ breadcrumb: [], metadata: { selected: true } }],
      })),
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('Singer: several requests in flight, every record of the ticket family exactly once, each STATE after the records it covers', {
    timeout: 120_000,
  }, async () => {
    sim.resetStats();
    const run = await runTap(sim, TIME_SCALE, ['--catalog', catalog], CONFIG);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(mostAtOnce(sim)).toBeGreaterThanOrEqual(3);
    expect(run.stderr).toMatch(/\/tickets\/past: read in \d+ id ranges with up to [2-4] requests in flight/);
    const emitted = keysByStream(run.messages);
    const expected = ticketFamily(sim.truth());
    for (const stream of TICKET_STREAMS)
      expect(sorted(emitted[stream]), stream).toEqual(sorted(expected[stream]));
    // Exactly once: no ticket emitted twice.
    expect(new Set(emitted.tickets).size).toBe(emitted.tickets?.length);
    expect(sim.stats().requestsBeforeRetryAfter).toBe(0);
    // STATE messages with several ranges were written, each after the records of the page it covers:
    // every ticket emitted before it lies outside its open ranges, every ticket emitted after inside one.
    const ticketsRoute = (m: Message) => (m.type === 'STATE' ? progressOf(m.value) : undefined);
    const withRanges = run.messages
      .map((m, index) => ({ index, progress: ticketsRoute(m) }))
      .filter(({ progress }) => (progress?.ranges?.length ?? 0) > 1);
    expect(withRanges.length).toBeGreaterThan(3);
    const pastIds = new Set(
      sim
        .truth()
        .ticketIndex.filter((head) => Date.parse(`${head.lastUpdate}Z`) < sim.now() - 90 * 86_400_000)
        .map((head) => head.id),
    );
    for (const { index, progress } of withRanges) {
      if (progress?.route !== '/tickets/past') continue;
      const open = (id: number) =>
        (progress.ranges ?? []).some(
          (range) =>
            (range.after === null || id > (range.after as number)) &&
            (range.up_to === null || id <= range.up_to),
        );
      const ids = (messages: Message[]) =>
        messages
          .filter((m) => m.type === 'RECORD' && m.stream === 'tickets' && pastIds.has(m.record?.id as number))
          .map((m) => m.record?.id as number);
      expect(ids(run.messages.slice(0, index)).filter(open), `STATE #${index}`).toEqual([]);
      expect(
        ids(run.messages.slice(index)).filter((id) => !open(id)),
        `STATE #${index}`,
      ).toEqual([]);
    }
  });

  it('Airbyte: only Airbyte messages, per-stream STATE after its records, every record exactly once', {
    timeout: 120_000,
  }, async () => {
    sim.resetStats();
    const config = writeFile('airbyte-config.json', { token: sim.token, base_url: sim.url, ...CONFIG });
    const env = { TAP_MOVIDESK_TIME_SCALE: String(TIME_SCALE) };
    const discover = memoryStream();
    await airbyteMain(['discover', '--config', config], { stdout: discover.stream, env });
    const discovered = JSON.parse(discover.text().trim()) as {
      catalog: { streams: { name: string; source_defined_primary_key: string[][] }[] };
    };
    const configured = writeFile('airbyte-catalog.json', {
      streams: discovered.catalog.streams
        .filter((s) => TICKET_STREAMS.includes(s.name))
        .map((s) => ({
          stream: s,
          sync_mode: 'full_refresh',
          destination_sync_mode: 'append_dedup',
          primary_key: s.source_defined_primary_key,
        })),
    });
    const stdout = memoryStream();
    const code = await airbyteMain(['read', '--config', config, '--catalog', configured], {
      stdout: stdout.stream,
      env,
    });
    expect(code).toBe(0);
    expect(mostAtOnce(sim)).toBeGreaterThanOrEqual(3);
    const messages = stdout
      .text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AirbyteMessage);
    expect(messages.every((m) => ['RECORD', 'STATE', 'LOG', 'TRACE'].includes(m.type))).toBe(true);
    const records = messages.filter((m) => m.type === 'RECORD');
    const tickets = records.filter((m) => m.record.stream === 'tickets').map((m) => m.record.data.id);
    expect(new Set(tickets).size).toBe(tickets.length);
    expect(tickets.length).toBe(sim.truth().ticketIndex.length);
    // Each stream's STATE counts the records emitted since its previous one: STATE after its records.
    const since = new Map<string, number>();
    for (const m of messages) {
      if (m.type === 'RECORD') since.set(m.record.stream, (since.get(m.record.stream) ?? 0) + 1);
      if (m.type !== 'STATE') continue;
      expect(m.state.type).toBe('STREAM');
      const name = m.state.stream.stream_descriptor.name;
      expect(m.state.sourceStats.recordCount, name).toBe(since.get(name) ?? 0);
      since.set(name, 0);
    }
    const ranged = messages.filter(
      (m) => m.type === 'STATE' && (m.state.stream.stream_state?.bookmark?.progress?.ranges?.length ?? 0) > 1,
    );
    expect(ranged.length).toBeGreaterThan(0);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: Airbyte messages are checked field by field.
type AirbyteMessage = any;

function progressOf(value: unknown) {
  return (value as TapState | undefined)?.bookmarks?.tickets?.progress;
}

import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.js';
import type { JsonRecord } from '../../src/streams/define.js';
import { STREAMS } from '../../src/streams/index.js';
import { streamSchema } from '../../src/streams/schemas.js';
import { keysByStream, lastState, runTap as run, sorted, writeFile } from './run-tap.js';
import { apiToEmitted, expectedKeys } from './truth.js';

/** One simulated minute lasts 0.6 s: the real 10-per-minute rules, fast. */
const TIME_SCALE = 0.01;
const runTap = (sim: Simulator, extra: string[] = [], config: Record<string, unknown> = {}) =>
  run(sim, TIME_SCALE, extra, config);

describe('the tap against the Movidesk simulator', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 7, tickets: 400, timeScale: TIME_SCALE });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('full sync: every stream equals the ground truth, every record fits its schema, no request throttled', async () => {
    const run = await runTap(sim);
    expect(run.stderr).not.toContain('CRITICAL');
    expect(run.code).toBe(0);
    const emitted = keysByStream(run.messages);
    const expected = expectedKeys(sim.truth());
    for (const [stream, keys] of Object.entries(expected))
      expect(sorted(emitted[stream]), stream).toEqual(sorted(keys));
    expect(expected.tickets?.some((key) => JSON.parse(key)[0] < 0)).toBe(true);
    // A target upserts by the declared primary key: distinct rows must keep distinct keys, or it
    // keeps one of them.
    for (const stream of STREAMS) {
      const declared = run.messages
        .filter((m) => m.type === 'RECORD' && m.stream === stream.name)
        .map((m) => JSON.stringify(stream.primaryKey.map((field) => m.record?.[field])));
      expect(new Set(declared).size, stream.name).toBe(new Set(expected[stream.name]).size);
    }

    const ajv = new Ajv({ strict: false });
    addFormats.default(ajv);
    const validators = new Map(STREAMS.map((s) => [s.name, ajv.compile(streamSchema(s.name))]));
    for (const m of run.messages.filter((message) => message.type === 'RECORD')) {
      const validate = validators.get(m.stream as string);
      expect(validate?.(m.record), `${m.stream} ${JSON.stringify(validate?.errors)}`).toBe(true);
    }
    // Values, not only keys: a ticket as the API has it, timestamps normalised.
    const truthTicket = sim
      .truth()
      .ticket(JSON.parse(expected.tickets?.[0] as string)[0]) as unknown as JsonRecord;
    const emittedTicket = run.messages.find(
      (m) => m.stream === 'tickets' && m.record?.id === truthTicket.id,
    )?.record;
    expect(emittedTicket).toMatchObject({
      subject: truthTicket.subject,
      lastUpdate: apiToEmitted(truthTicket.lastUpdate),
      owner: truthTicket.owner ?? null,
    });
    const stats = sim.stats();
    expect(stats.rateLimited).toBe(0);
    expect(stats.requestsBeforeRetryAfter).toBe(0);
    expect(stats.byRoute['/tickets/past']).toBeGreaterThan(0);
  });

  it('persons INCREMENTAL: a first run reads every person, never-edited ones (no changedDate) included; the next only changes and those', async () => {
    const catalog = writeFile('catalog.json', {
      streams: ['persons', 'person_emails'].map((stream) => ({
        tap_stream_id: stream,
        metadata: [
          {
            breadcrumb: [],
            metadata: {
              selected: true,
              ...(stream === 'persons' ? { 'replication-method': 'INCREMENTAL' } : {}),
            },
          },
        ],
      })),
    });
    const first = await runTap(sim, ['--catalog', catalog]);
    expect(first.code, first.stderr).toBe(0);
    const truth = expectedKeys(sim.truth());
    const never = sim
      .truth()
      .persons.filter((p) => p.changedDate === null)
      .map((p) => p.id);
    expect(never.length).toBeGreaterThan(0);
    expect(sorted(keysByStream(first.messages).persons)).toEqual(sorted(truth.persons));
    expect(sorted(keysByStream(first.messages).person_emails)).toEqual(sorted(truth.person_emails));
    const second = await runTap(sim, [
      '--catalog',
      catalog,
      '--state',
      writeFile('state.json', lastState(first.messages)),
    ]);
    expect(second.code, second.stderr).toBe(0);
    const again = (keysByStream(second.messages).persons ?? []).map((key) => JSON.parse(key)[0]);
    for (const id of never) expect(again).toContain(id);
  });

  it('incremental sync after churn reads only what changed, from /tickets only', async () => {
    const first = await runTap(sim);
    const state = lastState(first.messages);
    const statePath = writeFile('state.json', state);
    const changes = sim.churn(25);
    const changedTickets = new Set(changes.filter((c) => c.kind.startsWith('ticket')).map((c) => c.id));
    const changedResponses = changes.filter((c) => c.kind === 'surveyResponse').map((c) => c.id);
    sim.resetStats();
    const second = await runTap(sim, ['--state', statePath]);
    expect(second.code).toBe(0);
    const tickets = second.messages
      .filter((m) => m.type === 'RECORD' && m.stream === 'tickets')
      .map((m) => m.record?.id);
    // Every change, plus only rows inside the look-back overlap before the bookmark.
    for (const id of changedTickets) expect(tickets).toContain(id);
    const overlapStart =
      Date.parse(
        (state as { bookmarks: { tickets: { replication_key_value: string } } }).bookmarks.tickets
          .replication_key_value,
      ) -
      5 * 60_000;
    for (const id of tickets.filter((t) => !changedTickets.has(t as number))) {
      expect(Date.parse(`${sim.truth().ticket(id as number)?.lastUpdate}Z`)).toBeGreaterThanOrEqual(
        overlapStart,
      );
    }
    const responses = second.messages
      .filter((m) => m.type === 'RECORD' && m.stream === 'survey_responses')
      .map((m) => m.record?.id);
    for (const id of changedResponses) expect(responses).toContain(id);
    expect(sim.stats().byRoute['/tickets/past'] ?? 0).toBe(0);
    // Replayed into a key-value view, the two runs equal the ground truth again.
    const view = keysByStream([...first.messages, ...second.messages]);
    const expected = expectedKeys(sim.truth());
    for (const stream of ['tickets', 'ticket_actions', 'survey_responses']) {
      expect(sorted([...new Set(view[stream])]), stream).toEqual(sorted(expected[stream]));
    }
  });

  it('completes under faults (5xx, dropped connections, 429 bursts, slow answers) without losing a record or jumping a Retry-After', async () => {
    const faulty = await startSimulator({
      seed: 11,
      tickets: 250,
      timeScale: TIME_SCALE,
      faults: { error5xxRate: 0.1, dropRate: 0.05, burst429Rate: 0.05, slowRate: 0.05, slowMs: 3_000 },
    });
    try {
      const run = await runTap(faulty, [], { request_timeout_seconds: 1 });
      expect(run.stderr).not.toContain('CRITICAL');
      expect(run.code).toBe(0);
      const emitted = keysByStream(run.messages);
      const expected = expectedKeys(faulty.truth());
      for (const stream of ['tickets', 'ticket_actions', 'persons', 'survey_responses']) {
        expect(sorted([...new Set(emitted[stream])]), stream).toEqual(sorted(expected[stream]));
      }
      const stats = faulty.stats();
      // Every kind of fault the test names was injected (the seed fixes which requests get one).
      const injected = (kind: RegExp) =>
        Object.entries(stats.faults)
          .filter(([name]) => kind.test(name))
          .reduce((sum, [, count]) => sum + count, 0);
      for (const kind of [/^http5\d\d$/, /^drop$/, /^burst429$/, /^slow$/])
        expect(injected(kind), String(kind)).toBeGreaterThan(0);
      expect(stats.requestsBeforeRetryAfter).toBe(0);
      expect(stats.requestsDuringLockout).toBe(0);
    } finally {
      await faulty.close();
    }
  });
});

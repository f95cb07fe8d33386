import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import { type AccountOptions, ALL_SURPRISES, type Simulator, startSimulator } from '../../simulator/index.js';
import { STREAMS } from '../../src/streams/index.js';
import { streamSchema } from '../../src/streams/schemas.js';
import { keysByStream, lastState, type Message, runSource, runTap, sorted, writeFile } from './run-tap.js';
import { expectedKeys } from './truth.js';

/**
 * The real tap against a simulator that differs from the documentation the way real accounts do
 * (simulator options `account`). None of it may cost a stream, a record or a run.
 */
const TIME_SCALE = 0.01;
const opened: Simulator[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((sim) => sim.close()));
});

async function account(surprises: Partial<AccountOptions>, tickets = 150): Promise<Simulator> {
  const sim = await startSimulator({ seed: 21, tickets, timeScale: TIME_SCALE, account: surprises });
  opened.push(sim);
  return sim;
}

const catalogOf = (...streams: string[]) =>
  writeFile('catalog.json', {
    streams: streams.map((stream) => ({
      tap_stream_id: stream,
      metadata: [{ breadcrumb: [], metadata: { selected: true } }],
    })),
  });

/** Every record validates against the SCHEMA message the tap emitted for its stream. */
function expectRecordsFitTheirSchema(messages: Message[]): void {
  const ajv = new Ajv({ strict: false });
  addFormats.default(ajv);
  const validators = new Map<string, ReturnType<Ajv['compile']>>();
  let checked = 0;
  for (const m of messages) {
    if (m.type === 'SCHEMA') validators.set(m.stream as string, ajv.compile(m.schema as object));
    if (m.type !== 'RECORD') continue;
    const validate = validators.get(m.stream as string);
    expect(validate, `SCHEMA before the first ${m.stream} record`).toBeDefined();
    expect(validate?.(m.record), `${m.stream} ${JSON.stringify(validate?.errors)}`).toBe(true);
    checked++;
  }
  expect(checked).toBeGreaterThan(0);
}

function expectEveryStreamEqualsTruth(sim: Simulator, messages: Message[], except: string[] = []): void {
  const emitted = keysByStream(messages);
  for (const [stream, keys] of Object.entries(expectedKeys(sim.truth()))) {
    if (except.includes(stream)) continue;
    expect(sorted(emitted[stream]), stream).toEqual(sorted(keys));
  }
}

const failedRequests = (sim: Simulator) => sim.stats().byStatus['400'] ?? 0;

/** `stream:STATUS` of each Airbyte stream status trace, in order. */
function streamStatuses(messages: Message[]): string[] {
  return messages
    .filter((m) => m.type === 'TRACE' && (m.trace as { type: string }).type === 'STREAM_STATUS')
    .map((m) => {
      const status = (m.trace as { stream_status: { stream_descriptor: { name: string }; status: string } })
        .stream_status;
      return `${status.stream_descriptor.name}:${status.status}`;
    });
}

/** The `error` of each Airbyte error trace, in order. */
function errorTraces(messages: Message[]): Record<string, unknown>[] {
  return messages
    .filter((m) => m.type === 'TRACE' && (m.trace as { type: string }).type === 'ERROR')
    .map((m) => (m.trace as { error: Record<string, unknown> }).error);
}

describe('a stream that still fails after its retries', () => {
  const ticketStreams = STREAMS.filter((s) => s.name.startsWith('ticket')).map((s) => s.name);
  const startState = (sim: Simulator) => ({
    bookmarks: {
      tickets: {
        replication_key: 'lastUpdate',
        replication_key_value: new Date(sim.now() - 30 * 86_400_000).toISOString(),
      },
      survey_responses: {
        replication_key: 'responseDate',
        replication_key_value: '2000-01-01T00:00:00.000Z',
      },
    },
  });

  it('Singer: reported in one line (which, why, what to do), every other stream completes, exit 1; it keeps its bookmark, the others advance', async () => {
    const sim = await startSimulator({
      seed: 21,
      tickets: 80,
      timeScale: TIME_SCALE,
      faults: { brokenRoutes: ['/tickets'] },
    });
    opened.push(sim);
    const before = startState(sim);
    const run = await runTap(sim, TIME_SCALE, ['--state', writeFile('state.json', before)]);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('CRITICAL');
    const failed = run.stderr.split('\n').filter((line) => line.startsWith('ERROR FAILED '));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(
      /^ERROR FAILED tickets, ticket_clients, .*: Movidesk did not answer GET \/tickets after 8 retries: HTTP 503; Movidesk did not answer in time; run again later \(the next run resumes from the last STATE\)$/,
    );
    expect(keysByStream(run.messages).tickets).toBeUndefined();
    const emitted = keysByStream(run.messages);
    const truth = expectedKeys(sim.truth());
    for (const stream of ['persons', 'survey_responses', 'services', 'activities', 'time_agreements'])
      expect(sorted(emitted[stream]), stream).toEqual(sorted(truth[stream]));
    const after = lastState(run.messages) as typeof before;
    expect(after.bookmarks.tickets).toEqual(before.bookmarks.tickets);
    expect(Date.parse(after.bookmarks.survey_responses.replication_key_value)).toBeGreaterThan(
      Date.parse(before.bookmarks.survey_responses.replication_key_value),
    );
    // Nothing was sent during a lockout although the broken route failed many times in a row.
    expect(sim.stats().requestsDuringLockout).toBe(0);
    expect(ticketStreams.length).toBeGreaterThan(10);
  });

  it('Airbyte: that stream INCOMPLETE with a TRACE ERROR naming it, the others COMPLETE with their state, a final config_error, exit 1', async () => {
    const sim = await startSimulator({
      seed: 21,
      tickets: 80,
      timeScale: TIME_SCALE,
      faults: { brokenRoutes: ['/tickets'] },
    });
    opened.push(sim);
    const configured = {
      streams: ['tickets', 'ticket_actions', 'services', 'survey_responses'].map((name) => ({
        stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] },
        sync_mode: name === 'services' ? 'full_refresh' : 'incremental',
        destination_sync_mode: 'append_dedup',
      })),
    };
    const run = await runSource(sim, TIME_SCALE, [
      'read',
      '--catalog',
      writeFile('configured.json', configured),
    ]);
    expect(run.code).toBe(1);
    const statuses = streamStatuses(run.messages);
    expect(statuses.filter((s) => /:(COMPLETE|INCOMPLETE)$/.test(s)).sort()).toEqual([
      'services:COMPLETE',
      'survey_responses:COMPLETE',
      'ticket_actions:INCOMPLETE',
      'tickets:INCOMPLETE',
    ]);
    const errors = errorTraces(run.messages);
    expect(
      errors.map((e) => [e.failure_type, (e.stream_descriptor as { name: string } | undefined)?.name]),
    ).toEqual([
      ['transient_error', 'tickets'],
      ['transient_error', 'ticket_actions'],
      ['config_error', undefined],
    ]);
    expect(errors[2]?.message).toMatch(
      /^During the sync, the following streams did not sync successfully: tickets, ticket_actions: Movidesk did not answer GET \/tickets/,
    );
    const states = run.messages
      .filter((m) => m.type === 'STATE')
      .map(
        (m) => (m.state as { stream: { stream_descriptor: { name: string } } }).stream.stream_descriptor.name,
      );
    // The broken tree read no page: no state of its own, Airbyte keeps its previous one.
    expect(new Set(states)).toEqual(new Set(['services', 'survey_responses']));
  });
});

describe('a property the account does not serve', () => {
  it('costs one failed request once: learned, kept in STATE, and the next run asks the right query at once', async () => {
    const sim = await account({
      missingProperties: [
        'TicketStatusHistoryApiDto.changedByTeam',
        'TicketApiDto.canceledIn',
        'TicketApiDto.jiraIssueKey',
        'PersonRelationshipApiDto.isGetMethod',
      ],
    });
    const full = await runTap(sim, TIME_SCALE);
    expect(full.code, full.stderr).toBe(0);
    expectEveryStreamEqualsTruth(sim, full.messages);
    expectRecordsFitTheirSchema(full.messages);
    expect(failedRequests(sim)).toBe(4);
    // Three failures in a row lock a Movidesk account out for 60 s: the tap waits instead of a fourth.
    expect(sim.stats().lockoutsStarted).toBe(1);
    expect(sim.stats().requestsDuringLockout).toBe(0);
    const state = lastState(full.messages) as { query_adjustments: unknown };
    expect(state.query_adjustments).toEqual({
      tickets: { 'statusHistories.changedByTeam': 'drop', canceledIn: 'drop', jiraIssueKey: 'drop' },
      persons: { 'relationships.isGetMethod': 'drop' },
    });
    expect(
      full.stderr.match(/WARN \w+: Movidesk rejected the query .* is no longer asked for/g),
    ).toHaveLength(4);
    expect(full.stderr.match(/INFO LEARNED \w+: "[\w.]+" is no longer asked for/g)).toHaveLength(4);

    sim.churn(10);
    sim.resetStats();
    const incremental = await runTap(sim, TIME_SCALE, ['--state', writeFile('state.json', state)]);
    expect(incremental.code, incremental.stderr).toBe(0);
    expect(failedRequests(sim)).toBe(0);
    expect(incremental.stderr.match(/query adjusted to this account/g)).toHaveLength(2);
    expect(incremental.stderr).toMatch(
      /INFO tickets: query adjusted to this account \(STATE query_adjustments, learned in earlier runs\): .*"statusHistories.changedByTeam" is no longer asked for/,
    );
    expect((lastState(incremental.messages) as { query_adjustments: unknown }).query_adjustments).toEqual(
      state.query_adjustments,
    );
  });
});

describe('a property the account does not serve, in Airbyte mode', () => {
  it('is learned once: each stream state carries query_adjustments, and a read with those states pays no failed request', async () => {
    const sim = await account({ missingProperties: ['TicketStatusHistoryApiDto.changedByTeam'] });
    const configured = writeFile('configured.json', {
      streams: ['tickets', 'ticket_status_histories'].map((name) => ({
        stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh', 'incremental'] },
        sync_mode: 'incremental',
        destination_sync_mode: 'append_dedup',
      })),
    });
    const first = await runSource(sim, TIME_SCALE, ['read', '--catalog', configured]);
    expect(first.code).toBe(0);
    expect(failedRequests(sim)).toBe(1);
    const states = new Map(
      first.messages
        .filter((m) => m.type === 'STATE')
        .map((m) => {
          const stream = (
            m.state as {
              stream: { stream_descriptor: { name: string }; stream_state: Record<string, unknown> };
            }
          ).stream;
          return [stream.stream_descriptor.name, m.state] as const;
        }),
    );
    for (const name of ['tickets', 'ticket_status_histories'])
      expect((states.get(name) as { stream: { stream_state: unknown } }).stream.stream_state).toMatchObject({
        query_adjustments: { 'statusHistories.changedByTeam': 'drop' },
      });
    sim.resetStats();
    const second = await runSource(sim, TIME_SCALE, [
      'read',
      '--catalog',
      configured,
      '--state',
      writeFile('state.json', [...states.values()]),
    ]);
    expect(second.code).toBe(0);
    expect(failedRequests(sim)).toBe(0);
    expect(sim.stats().totalRequests).toBeGreaterThan(0);
  });
});

describe('a collection the account serves as plain strings', () => {
  it('is asked in $select instead of $expand, its value is null, and the streams after it are read', async () => {
    const sim = await account({ stringCollections: ['TimeAgreementApiDto.emailDestinations'] });
    const run = await runTap(sim, TIME_SCALE);
    expect(run.code, run.stderr).toBe(0);
    expectEveryStreamEqualsTruth(sim, run.messages);
    expectRecordsFitTheirSchema(run.messages);
    expect(failedRequests(sim)).toBe(1);
    expect((lastState(run.messages) as { query_adjustments: unknown }).query_adjustments).toEqual({
      time_agreements: { emailDestinations: 'select' },
    });
    const agreements = run.messages.filter((m) => m.type === 'RECORD' && m.stream === 'time_agreements');
    const withDestinations = sim.truth().timeAgreements.filter((a) => a.emailDestinations.length > 0);
    expect(withDestinations.length).toBeGreaterThan(0);
    for (const m of agreements) {
      const truth = sim.truth().timeAgreements.find((a) => a.id === m.record?.id);
      // Objects were documented, plain strings came: null. An empty list fits either way.
      expect(m.record?.emailDestinations).toEqual(truth?.emailDestinations.length ? null : []);
    }
    expect(run.stderr).toContain('WARN Stream time_agreements: field emailDestinations is ["financeiro');
    expect(run.stderr).toMatch(
      /NULLED time_agreements\.emailDestinations: \d+ values? did not fit the schema/,
    );
    for (const stream of ['services', 'activities'])
      expect(keysByStream(run.messages)[stream]?.length, stream).toBeGreaterThan(0);
  });
});

describe('a child collection the account serves as plain strings', () => {
  it('is dropped: its child stream is skipped, the rest of the tree is read, and the next run asks the right query at once', async () => {
    const sim = await account({ stringCollections: ['TicketApiDto.parentTickets'] });
    const catalog = catalogOf('tickets', 'ticket_parent_tickets', 'ticket_actions');
    const first = await runTap(sim, TIME_SCALE, ['--catalog', catalog]);
    expect(first.code).toBe(1);
    expect(failedRequests(sim)).toBe(1);
    const truth = expectedKeys(sim.truth());
    const keys = keysByStream(first.messages);
    expect(sorted(keys.tickets)).toEqual(sorted(truth.tickets));
    expect(sorted(keys.ticket_actions)).toEqual(sorted(truth.ticket_actions));
    expect(keys.ticket_parent_tickets).toBeUndefined();
    expect(
      first.stderr.split('\n').filter((line) => line.startsWith('ERROR SKIPPED ticket_parent_tickets: ')),
    ).toHaveLength(1);
    expect(first.stderr).not.toContain('FAILED');
    const state = lastState(first.messages) as { query_adjustments: unknown };
    expect(state.query_adjustments).toEqual({ tickets: { parentTickets: 'drop' } });
    sim.resetStats();
    const second = await runTap(sim, TIME_SCALE, [
      '--catalog',
      catalog,
      '--state',
      writeFile('state.json', state),
    ]);
    expect(second.code).toBe(1);
    expect(failedRequests(sim)).toBe(0);
    expect(second.stderr).not.toContain('FAILED');
  });

  it('a tree whose only selected stream the account does not serve is not read at all', async () => {
    const sim = await account({});
    const state = { bookmarks: {}, query_adjustments: { tickets: { parentTickets: 'drop' } } };
    const run = await runTap(sim, TIME_SCALE, [
      '--catalog',
      catalogOf('ticket_parent_tickets', 'services'),
      '--state',
      writeFile('state.json', state),
    ]);
    expect(run.code).toBe(1);
    expect(sim.stats().byRoute['/tickets'] ?? 0).toBe(0);
    expect(
      run.stderr.split('\n').filter((line) => line.startsWith('ERROR SKIPPED ticket_parent_tickets: ')),
    ).toHaveLength(1);
    expect(sorted(keysByStream(run.messages).services)).toEqual(sorted(expectedKeys(sim.truth()).services));
  });

  it('a key in query_adjustments is never left out of the query', async () => {
    const sim = await account({});
    const state = { bookmarks: {}, query_adjustments: { tickets: { id: 'drop', lastUpdate: 'drop' } } };
    const run = await runTap(sim, TIME_SCALE, [
      '--catalog',
      catalogOf('tickets'),
      '--state',
      writeFile('state.json', state),
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(sorted(keysByStream(run.messages).tickets)).toEqual(sorted(expectedKeys(sim.truth()).tickets));
  });
});

describe('a route the account cannot read (403 with a good token)', () => {
  it('without a catalog: skipped with a warning naming stream, route, reason and fix; every other stream complete; exit 0', async () => {
    const sim = await account({ forbiddenRoutes: ['/timeAgreement'] });
    const run = await runTap(sim, TIME_SCALE);
    expect(run.code, run.stderr).toBe(0);
    const skipped = STREAMS.filter((s) => s.name.startsWith('time_agreement')).map((s) => s.name);
    expectEveryStreamEqualsTruth(sim, run.messages, skipped);
    expect(keysByStream(run.messages).time_agreements).toBeUndefined();
    const warning = run.stderr.split('\n').filter((line) => line.startsWith('WARN SKIPPED time_agreements'));
    expect(warning).toHaveLength(1);
    expect(warning[0]).toContain('HTTP 403 on GET /timeAgreement although the token works on other routes');
    expect(warning[0]).toContain('has not contracted the Movidesk module behind /timeAgreement');
    expect(warning[0]).toContain('deselect time_agreements in the catalog');
    expect(run.stderr).not.toContain('CRITICAL');
    expect(run.stderr).not.toContain('ERROR');
  });

  it('selected in a catalog: every other selected stream completes, then exit 1; the skipped stream keeps its bookmark', async () => {
    const sim = await account({ forbiddenRoutes: ['/timeAgreement'] });
    const before = {
      bookmarks: {
        time_agreements: { replication_key_value: new Date(sim.now() - 86_400_000).toISOString() },
      },
    };
    const run = await runTap(sim, TIME_SCALE, [
      '--catalog',
      catalogOf('tickets', 'time_agreements', 'activities'),
      '--state',
      writeFile('state.json', before),
    ]);
    expect(run.code).toBe(1);
    const keys = keysByStream(run.messages);
    expect(sorted(keys.tickets)).toEqual(sorted(expectedKeys(sim.truth()).tickets));
    expect(sorted(keys.activities)).toEqual(sorted(expectedKeys(sim.truth()).activities));
    expect(keys.time_agreements).toBeUndefined();
    const failed = run.stderr.split('\n').filter((line) => line.startsWith('ERROR SKIPPED time_agreements'));
    expect(failed).toHaveLength(1);
    const state = lastState(run.messages) as { bookmarks: Record<string, unknown> };
    expect(state.bookmarks.time_agreements).toEqual(before.bookmarks.time_agreements);
    expect(state.bookmarks.activities).toBeDefined();
  });

  it('refused in the middle of a read (a resumed one, or a later route): failed, not skipped, even without a catalog', async () => {
    const sim = await account({ forbiddenRoutes: ['/tickets/past'] });
    const run = await runTap(sim, TIME_SCALE);
    expect(run.code).toBe(1);
    const failed = run.stderr.split('\n').filter((line) => line.startsWith('ERROR FAILED tickets,'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain('HTTP 403 on GET /tickets/past');
    expect(failed[0]).toContain('in the middle of reading it');
    // It read /tickets; the last STATE resumes at /tickets/past, where it stopped.
    const state = lastState(run.messages) as { bookmarks: { tickets: { progress: { route: string } } } };
    expect(state.bookmarks.tickets.progress.route).toBe('/tickets/past');
    expect(keysByStream(run.messages).tickets?.length).toBeGreaterThan(0);
    expect(sorted(keysByStream(run.messages).services)).toEqual(sorted(expectedKeys(sim.truth()).services));
    // Resumed there, the refusal is still a failure (here the run's first request: the token may be the
    // cause, so the run ends): the bookmark never stalls in silence.
    const again = await runTap(sim, TIME_SCALE, ['--state', writeFile('state.json', state)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /CRITICAL the Movidesk token was rejected \(HTTP 403 on GET \/tickets\/past\)/,
    );
  });

  it('a token rejected on the first request of a run still fails at once', async () => {
    const sim = await account({ forbiddenRoutes: ['/services'] });
    const run = await runTap(sim, TIME_SCALE, ['--catalog', catalogOf('services', 'activities')]);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter((line) => line.includes('CRITICAL'))).toEqual([
      expect.stringContaining('the Movidesk token was rejected (HTTP 403 on GET /services)'),
    ]);
    expect(sim.stats().totalRequests).toBe(1);
  });
});

describe('values that do not match the documentation', () => {
  it('numbers and booleans as strings and timestamps with offsets come out exactly as from a documented account', async () => {
    // One account, so both runs read the same data: first as documented, then with the surprises.
    const sim = await account({}, 120);
    const expected = await runTap(sim, TIME_SCALE);
    sim.setOptions({ account: { scalarsAsStrings: true, datetimeOffsets: true } });
    const actual = await runTap(sim, TIME_SCALE);
    expect(actual.code, actual.stderr).toBe(0);
    expect(actual.stderr).not.toContain('NULLED');
    const records = (messages: Message[]) =>
      messages
        .filter((m) => m.type === 'RECORD')
        .map((m) => JSON.stringify([m.stream, m.record]))
        .sort();
    const want = records(expected.messages);
    expect(want.length).toBeGreaterThan(1000);
    const got = records(actual.messages);
    expect(got.filter((line) => !want.includes(line)).slice(0, 2)).toEqual([]);
    expect(got).toEqual(want);
    expectRecordsFitTheirSchema(actual.messages);
  });

  it('null where a collection is documented: no crash, no child rows from it, a warning per collection', async () => {
    const sim = await account({ nullCollections: true });
    const run = await runTap(sim, TIME_SCALE);
    expect(run.code, run.stderr).toBe(0);
    expectEveryStreamEqualsTruth(sim, run.messages);
    expectRecordsFitTheirSchema(run.messages);
    const warnings = run.stderr
      .split('\n')
      .filter((line) => line.includes('came as null where a list is documented'));
    expect(warnings.length).toBeGreaterThan(0);
    expect(new Set(warnings).size).toBe(warnings.length);
  });
});

describe('every surprise at once', () => {
  it('Singer: without a catalog every stream the account serves is complete, the summary says what was skipped and nulled, exit 0', async () => {
    const sim = await account(ALL_SURPRISES);
    const run = await runTap(sim, TIME_SCALE);
    expect(run.code, run.stderr).toBe(0);
    expectEveryStreamEqualsTruth(sim, run.messages, ['activities']);
    expectRecordsFitTheirSchema(run.messages);
    const summary = run.stderr
      .split('\n')
      .filter((line) => /^[A-Z]+ (Summary:|SKIPPED|NULLED|IGNORED|FAILED) /.test(line));
    expect(summary[0]).toMatch(
      /^INFO Summary: \d+ records in \d+ streams; 0 streams failed, 1 stream skipped; \d+ values? written as null/,
    );
    expect(summary.filter((line) => line.startsWith('WARN SKIPPED activities: '))).toHaveLength(1);
    expect(
      summary.filter((line) => line.startsWith('WARN NULLED time_agreements.emailDestinations: ')),
    ).toHaveLength(1);
  });

  it('Airbyte: the unreadable stream is INCOMPLETE with a TRACE ERROR naming it, the others COMPLETE, a final config_error, exit 1', async () => {
    const sim = await account(ALL_SURPRISES);
    const configured = {
      streams: ['tickets', 'activities', 'services'].map((name) => ({
        stream: { name, json_schema: {}, supported_sync_modes: ['full_refresh'] },
        sync_mode: 'full_refresh',
        destination_sync_mode: 'overwrite',
      })),
    };
    const run = await runSource(sim, TIME_SCALE, [
      'read',
      '--catalog',
      writeFile('configured.json', configured),
    ]);
    expect(run.code).toBe(1);
    const statuses = streamStatuses(run.messages);
    expect(statuses.filter((s) => s.endsWith(':COMPLETE')).sort()).toEqual([
      'services:COMPLETE',
      'tickets:COMPLETE',
    ]);
    expect(statuses.filter((s) => s.endsWith(':INCOMPLETE'))).toEqual(['activities:INCOMPLETE']);
    const errors = errorTraces(run.messages);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({
      failure_type: 'config_error',
      stream_descriptor: { name: 'activities' },
    });
    expect(errors[0]?.message).toContain('HTTP 403 on GET /activity');
    expect(errors[1]).toMatchObject({ failure_type: 'config_error' });
    expect(errors[1]?.message).toMatch(
      /^During the sync, the following streams did not sync successfully: activities: /,
    );
    expect(errors[1]).not.toHaveProperty('stream_descriptor');
    expect(run.messages.at(-1)?.type).toBe('TRACE');
    // Values arrived as text and with offsets: every record still fits the schema discover announced.
    const ajv = new Ajv({ strict: false });
    addFormats.default(ajv);
    const records = run.messages
      .filter((m) => m.type === 'RECORD')
      .map((m) => m.record as unknown as { stream: string; data: Record<string, unknown> });
    for (const name of ['tickets', 'services']) {
      const validate = ajv.compile(streamSchema(name));
      const rows = records.filter((r) => r.stream === name);
      expect(rows.length, name).toBeGreaterThan(0);
      for (const row of rows)
        expect(validate(row.data), `${name} ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(
        rows.every((row) => typeof row.data.id === 'number'),
        name,
      ).toBe(true);
    }
    const tickets = records.filter((r) => r.stream === 'tickets').map((r) => r.data);
    expect(tickets.filter((t) => typeof t.isDeleted === 'boolean')).toHaveLength(tickets.length);
    expect(tickets.every((t) => typeof t.lastUpdate === 'string' && t.lastUpdate.endsWith('Z'))).toBe(true);
  });
});

import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectAll, selectFromCatalog } from '../../src/engine/selection.js';
import { StateManager, type TapState } from '../../src/engine/state.js';
import { runSync } from '../../src/engine/sync.js';
import { AuthError } from '../../src/http/errors.js';
import type { JsonRecord } from '../../src/streams/define.js';
import { STREAMS as ALL_STREAMS } from '../../src/streams/index.js';
import { streamSchema } from '../../src/streams/schemas.js';
import { fakeTicketsApi } from '../helpers/fake-api.js';
import { apiTimestamp, ticketFixture } from '../helpers/fixtures.js';
import { captureLogger, collectingSink, testClient } from '../helpers/harness.js';

const BASE = 'http://movidesk.test/public/v1';
/** This spec is about tickets; other streams have their own. */
const STREAMS = ALL_STREAMS.filter((stream) => stream.name.startsWith('ticket'));
const TOKEN = 'f0e1d2c3-b4a5-4968-8776-655443322110';
const NOW = Date.parse('2026-11-21T12:00:00.000Z');
const settings = { pageSize: 100, lookbackMinutes: 5, includeDeletedItems: true };

const recent = Array.from({ length: 150 }, (_, i) =>
  ticketFixture(1000 + i, apiTimestamp(NOW, 1 + (i % 80))),
);
const past = Array.from({ length: 230 }, (_, i) => ticketFixture(i - 5, apiTimestamp(NOW, 100 + i * 3)));

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

async function sync(
  options: {
    unknownProperties?: string[];
    serverToken?: string;
    state?: TapState;
    selection?: ReturnType<typeof selectAll>;
    pageSize?: number;
    maxTop?: number;
  } = {},
) {
  nock.cleanAll();
  const api = fakeTicketsApi(BASE, {
    recent,
    past,
    token: options.serverToken ?? TOKEN,
    unknownProperties: options.unknownProperties,
    maxTop: options.maxTop,
  });
  const { logger, lines, redactor } = captureLogger();
  const client = testClient(BASE, TOKEN, logger, redactor);
  const { sink, out } = collectingSink();
  const state = new StateManager(options.state);
  let error: unknown;
  try {
    await runSync({
      client,
      logger,
      sink,
      state,
      selection: options.selection ?? selectAll(STREAMS),
      settings: { ...settings, pageSize: options.pageSize ?? 100 },
      streams: STREAMS,
      now: NOW,
    });
  } catch (caught) {
    error = caught;
  } finally {
    client.close();
  }
  return { api, out, lines, error, state };
}

const byStream = (records: { stream: string; record: JsonRecord }[], stream: string) =>
  records.filter((r) => r.stream === stream).map((r) => r.record);

describe('full sync of tickets and every child stream', () => {
  it('reads both routes by id keyset, emits every ticket once with all children, and checkpoints each page', async () => {
    const { api, out, error } = await sync();
    expect(error).toBeUndefined();
    const tickets = byStream(out.records, 'tickets');
    expect(tickets.map((t) => t.id).sort((a, b) => (a as number) - (b as number))).toEqual(
      [...recent, ...past].map((t) => t.id).sort((a, b) => (a as number) - (b as number)),
    );
    // Recent route first, archive last; each ends with one empty page.
    expect(api.requests.map((r) => r.route)).toEqual([
      '/tickets',
      '/tickets',
      '/tickets',
      '/tickets/past',
      '/tickets/past',
      '/tickets/past',
      '/tickets/past',
    ]);
    expect(api.requests[1]?.query.$filter).toBe(`lastUpdate lt 2026-11-21T12:00:00.000Z and id gt 1099`);
    expect(
      api.requests.every(
        (r) =>
          r.query.$orderby === 'id asc' && r.query.$top === '100' && r.query.includeDeletedItems === 'true',
      ),
    ).toBe(true);
    const n = recent.length + past.length;
    const counts = Object.fromEntries(STREAMS.map((s) => [s.name, byStream(out.records, s.name).length]));
    expect(counts).toEqual({
      tickets: n,
      ticket_clients: n,
      ticket_actions: 2 * n,
      ticket_action_time_appointments: n,
      ticket_action_expenses: n,
      ticket_action_attachments: n,
      ticket_parent_tickets: n,
      ticket_children_tickets: n,
      ticket_owner_histories: n,
      ticket_status_histories: 2 * n,
      ticket_custom_field_values: 2 * n,
      ticket_custom_field_value_items: 2 * n,
      ticket_assets: n,
    });
    expect(out.states).toHaveLength(api.requests.length);
    expect(out.states.at(-1)).toEqual({
      bookmarks: {
        tickets: { replication_key: 'lastUpdate', replication_key_value: '2026-11-21T12:00:00.000Z' },
      },
    });
    expect(out.order.at(-1)).toBe('STATE');
  });

  it('normalises timestamps, injects parent keys and the parent lastUpdate into children', async () => {
    const { out } = await sync();
    const ticket = byStream(out.records, 'tickets').find((t) => t.id === 1000) as JsonRecord;
    expect(ticket.lastUpdate).toBe(`${recent[0]?.lastUpdate as string}Z`);
    expect(ticket.createdDate).toBe('2016-11-18T14:25:07.1920886Z');
    expect(ticket.owner).toMatchObject({ id: 'CodRefDoResponsável', businessName: 'Nome do responsável' });
    expect(ticket).not.toHaveProperty('actions');
    const appointment = byStream(out.records, 'ticket_action_time_appointments').find(
      (r) => r.ticketId === 1000,
    );
    expect(appointment).toMatchObject({
      ticketId: 1000,
      actionId: 1,
      id: 1,
      ticketLastUpdate: ticket.lastUpdate,
      date: '2016-11-21T00:00:00Z',
    });
    const items = byStream(out.records, 'ticket_custom_field_value_items').filter((r) => r.ticketId === 1000);
    expect(items.map((i) => i.itemKey)).toEqual(['customFieldItem:um', 'customFieldItem:dois']);
    expect(items[0]).toMatchObject({ customFieldId: 3, customFieldRuleId: 2, line: 1 });
    const deletedAction = byStream(out.records, 'ticket_actions').find(
      (r) => r.ticketId === 1000 && r.id === 2,
    );
    expect(deletedAction).toMatchObject({ isDeleted: true, createdDate: '2016-11-21T15:00:00.5Z' });
  });

  it('keeps paging after short pages when the API caps $top silently', async () => {
    const { api, out } = await sync({ maxTop: 40 });
    expect(byStream(out.records, 'tickets')).toHaveLength(recent.length + past.length);
    expect(api.requests.filter((r) => r.route === '/tickets')).toHaveLength(Math.ceil(150 / 40) + 1);
  });
});

describe('incremental sync', () => {
  const bookmark = (iso: string): TapState => ({
    bookmarks: { tickets: { replication_key: 'lastUpdate', replication_key_value: iso } },
  });

  it('reads only /tickets when the window is inside the last 90 days, from bookmark minus look-back', async () => {
    const since = new Date(NOW - 10 * 86_400_000).toISOString();
    const { api, out } = await sync({ state: bookmark(since) });
    expect(new Set(api.requests.map((r) => r.route))).toEqual(new Set(['/tickets']));
    expect(api.requests[0]?.query.$filter).toBe(
      `lastUpdate ge ${new Date(Date.parse(since) - 5 * 60_000).toISOString()} and lastUpdate lt 2026-11-21T12:00:00.000Z`,
    );
    const expected = recent.filter(
      (t) => Date.parse(`${t.lastUpdate as string}Z`) >= Date.parse(since) - 300_000,
    );
    expect(byStream(out.records, 'tickets').map((t) => t.id)).toEqual(expected.map((t) => t.id));
    expect((out.states.at(-1) as TapState).bookmarks.tickets?.replication_key_value).toBe(
      '2026-11-21T12:00:00.000Z',
    );
  });

  it('also reads /tickets/past when the window reaches back past 90 days', async () => {
    const { api, out } = await sync({ state: bookmark(new Date(NOW - 200 * 86_400_000).toISOString()) });
    expect(new Set(api.requests.map((r) => r.route))).toEqual(new Set(['/tickets', '/tickets/past']));
    expect(byStream(out.records, 'tickets').length).toBe(
      150 +
        past.filter((t) => Date.parse(`${t.lastUpdate as string}Z`) >= NOW - 200 * 86_400_000 - 300_000)
          .length,
    );
  });

  it('resumes an interrupted run from the last STATE without losing or repeating a ticket', async () => {
    const first = await sync();
    const afterThirdPage = first.out.states[3] as TapState; // inside /tickets/past
    expect(afterThirdPage.bookmarks.tickets?.progress).toMatchObject({ route: '/tickets/past', after: 94 });
    // What a target had received when the run was killed right after that STATE.
    const emittedBefore = first.out.order.slice(0, nthStateIndex(first.out.order, 4));
    const recordsBefore = first.out.records.slice(0, emittedBefore.filter((m) => m === 'RECORD').length);
    const second = await sync({ state: afterThirdPage });
    expect(second.api.requests[0]?.route).toBe('/tickets/past');
    expect(second.api.requests[0]?.query.$filter).toContain('id gt 94');
    const ticketIds = (records: typeof recordsBefore) =>
      records.filter((r) => r.stream === 'tickets').map((r) => r.record.id as number);
    const seen = new Set([...ticketIds(recordsBefore), ...ticketIds(second.out.records)]);
    expect(seen.size).toBe(recent.length + past.length);
    // Nor repeating one: what the STATE covered is not read again.
    const before = new Set(ticketIds(recordsBefore));
    expect(ticketIds(second.out.records).filter((id) => before.has(id))).toEqual([]);
    expect((second.out.states.at(-1) as TapState).bookmarks.tickets).toEqual({
      replication_key: 'lastUpdate',
      replication_key_value: '2026-11-21T12:00:00.000Z',
    });
  });
});

function nthStateIndex(order: string[], n: number): number {
  let seen = 0;
  for (let i = 0; i < order.length; i++) if (order[i] === 'STATE' && ++seen === n) return i;
  return -1;
}

describe('selection shapes the request', () => {
  const catalog = (entries: { stream: string; fields?: string[] }[]) => ({
    streams: entries.map(({ stream, fields }) => ({
      tap_stream_id: stream,
      metadata: [
        { breadcrumb: [], metadata: { selected: true } },
        ...(fields
          ? [{ breadcrumb: ['properties', 'subject'], metadata: { selected: fields.includes('subject') } }]
          : []),
      ],
    })),
  });

  it('asks only for selected fields and expands nothing when no child is selected', async () => {
    // As Meltano writes it: every field has an explicit choice.
    const wanted = new Set(['subject', 'owner']);
    const fields = Object.keys(streamSchema('tickets').properties ?? {}).map((field) => ({
      breadcrumb: ['properties', field],
      metadata: { selected: wanted.has(field) },
    }));
    const selection = selectFromCatalog(
      {
        streams: [
          {
            tap_stream_id: 'tickets',
            metadata: [{ breadcrumb: [], metadata: { selected: true } }, ...fields],
          },
        ],
      },
      STREAMS,
      'catalog.json',
    );
    const { api, out } = await sync({ selection });
    expect(api.requests[0]?.query.$select?.split(',').sort()).toEqual([
      'id',
      'lastUpdate',
      'owner',
      'subject',
    ]);
    expect(api.requests[0]?.query.$expand).toBe('owner');
    expect(Object.keys(byStream(out.records, 'tickets')[0] ?? {}).sort()).toEqual([
      'id',
      'lastUpdate',
      'owner',
      'subject',
    ]);
    expect(out.schemas.map((s) => s.stream)).toEqual(['tickets']);
  });

  it('reads parent pages without emitting parents when only a grandchild is selected', async () => {
    const selection = selectFromCatalog(
      catalog([{ stream: 'ticket_action_time_appointments' }]),
      STREAMS,
      'catalog.json',
    );
    const { api, out } = await sync({ selection });
    expect(api.requests[0]?.query.$select).toBe('id,lastUpdate,actions');
    const expand = api.requests[0]?.query.$expand ?? '';
    expect(expand).toMatch(
      /^actions\(\$select=id,timeAppointments;\$expand=timeAppointments\(\$select=[^;]*;\$expand=createdBy,createdByTeam\)\)$/,
    );
    expect(new Set(out.records.map((r) => r.stream))).toEqual(new Set(['ticket_action_time_appointments']));
    expect(out.schemas.map((s) => s.stream)).toEqual(['ticket_action_time_appointments']);
    expect((out.states.at(-1) as TapState).bookmarks.tickets?.replication_key_value).toBe(
      '2026-11-21T12:00:00.000Z',
    );
  });

  it('expands nested navigation inside a child (a client organization)', async () => {
    const selection = selectFromCatalog(catalog([{ stream: 'ticket_clients' }]), STREAMS, 'catalog.json');
    const { api } = await sync({ selection });
    expect(api.requests[0]?.query.$expand).toMatch(
      /^clients\(\$select=[^;]*organization[^;]*;\$expand=organization\)$/,
    );
  });
});

describe('API failures', () => {
  it('shrinks the page after a heavy-query 500, then probes back up towards the full size', async () => {
    const api = fakeTicketsApi(BASE, { recent, past, token: TOKEN });
    api.failNext({ status: 500, body: '{"Message":"An error has occurred."}' });
    const { logger, redactor } = captureLogger();
    const client = testClient(BASE, TOKEN, logger, redactor);
    const { sink, out } = collectingSink();
    await runSync({
      client,
      logger,
      sink,
      state: new StateManager(),
      selection: selectAll(STREAMS),
      settings,
      streams: STREAMS,
      now: NOW,
    });
    client.close();
    expect(api.requests.slice(0, 3).map((r) => r.query.$top)).toEqual(['100', '50', '75']);
    expect(byStream(out.records, 'tickets')).toHaveLength(recent.length + past.length);
  });

  it('drops a property the account does not serve (400) and carries on, once per property', async () => {
    const { api, out, lines, error } = await sync({ unknownProperties: ['canceledIn', 'workTypeName'] });
    expect(error).toBeUndefined();
    expect(
      api.requests.filter((r) => r.query.$select === undefined || r.query.$select.includes('canceledIn')),
    ).toHaveLength(1);
    expect(api.requests.length).toBe(7 + 2);
    expect(byStream(out.records, 'tickets')).toHaveLength(recent.length + past.length);
    expect(byStream(out.records, 'tickets')[0]).not.toHaveProperty('canceledIn');
    expect(lines.filter((line) => line.includes('does not serve property'))).toHaveLength(2);
  });

  it('fails at once on 401 with a message that names the token problem and never the token', async () => {
    const { api, error, lines } = await sync({ serverToken: 'another-token' });
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/the Movidesk token was rejected/);
    expect(api.requests).toHaveLength(1);
    expect(`${(error as Error).message}\n${lines.join('\n')}`).not.toContain(TOKEN);
  });
});

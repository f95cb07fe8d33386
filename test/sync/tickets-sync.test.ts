import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rootOf } from '../../src/engine/metadata.js';
import { selectAll, selectFromCatalog } from '../../src/engine/selection.js';
import { StateManager, type TapState } from '../../src/engine/state.js';
import { runSync, type SyncResult } from '../../src/engine/sync.js';
import { AuthError } from '../../src/http/errors.js';
import type { JsonRecord } from '../../src/streams/define.js';
import { STREAMS as ALL_STREAMS } from '../../src/streams/index.js';
import { streamSchema } from '../../src/streams/schemas.js';
import { fakeTicketsApi } from '../helpers/fake-api.js';
import { apiTimestamp, ticketFixture } from '../helpers/fixtures.js';
import { captureLogger, collectingSink, testClient } from '../helpers/harness.js';

const BASE = 'http://movidesk.test/public/v1';
/** This spec is about tickets and their children; other streams have their own. */
const STREAMS = ALL_STREAMS.filter((stream) => rootOf(stream, ALL_STREAMS).name === 'tickets');
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
    reject?: (query: Record<string, string>) => string | undefined;
    state?: TapState;
    selection?: ReturnType<typeof selectAll>;
    pageSize?: number;
    maxTop?: number;
    recent?: JsonRecord[];
    explicitSelection?: boolean;
  } = {},
) {
  nock.cleanAll();
  const api = fakeTicketsApi(BASE, {
    recent: options.recent ?? recent,
    past,
    token: options.serverToken ?? TOKEN,
    unknownProperties: options.unknownProperties,
    reject: options.reject,
    maxTop: options.maxTop,
  });
  const { logger, lines, redactor } = captureLogger();
  const client = testClient(BASE, TOKEN, logger, redactor);
  const { sink, out } = collectingSink();
  const state = new StateManager(options.state);
  let error: unknown;
  let result: SyncResult | undefined;
  try {
    result = await runSync({
      client,
      logger,
      sink,
      state,
      explicitSelection: options.explicitSelection,
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
  return { api, out, lines, error, state, result };
}

/** Top-level items of an `$expand` (nested options stay inside their item). */
function topLevel(expand: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index <= expand.length; index++) {
    const char = expand[index];
    if (char === '(') depth++;
    if (char === ')') depth--;
    if ((char === ',' && depth === 0) || index === expand.length) {
      if (index > start) items.push(expand.slice(start, index));
      start = index + 1;
    }
  }
  return items;
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

  it('drops a property the account does not serve (400) and carries on, once per property, and keeps it in STATE', async () => {
    const { api, out, lines, error, state } = await sync({
      unknownProperties: ['canceledIn', 'workTypeName'],
    });
    expect(error).toBeUndefined();
    expect(
      api.requests.filter((r) => r.query.$select === undefined || r.query.$select.includes('canceledIn')),
    ).toHaveLength(1);
    expect(api.requests.length).toBe(7 + 2);
    expect(byStream(out.records, 'tickets')).toHaveLength(recent.length + past.length);
    expect(byStream(out.records, 'tickets')[0]).not.toHaveProperty('canceledIn');
    expect(lines.filter((line) => line.includes('is no longer asked for'))).toHaveLength(2);
    expect(state.value.query_adjustments).toEqual({
      tickets: { canceledIn: 'drop', 'actions.timeAppointments.workTypeName': 'drop' },
    });
    expect(out.states.at(-1)).toMatchObject({ query_adjustments: { tickets: { canceledIn: 'drop' } } });
  });

  it('expands a property the account serves as an object, and stops nesting $select where it is refused', async () => {
    const { api, out, error, state } = await sync({
      reject: (query) => {
        const expand = topLevel(query.$expand ?? '');
        if (!expand.includes('subject'))
          return "The query specified in the URI is not valid. The property 'subject' of type 'TicketApiDto' is a navigation property and must be expanded.";
        if (expand.some((item) => item.startsWith('actions($select=')))
          return "The query specified in the URI is not valid. Query option '$select' is not allowed inside the $expand of 'actions'.";
        return undefined;
      },
    });
    expect(error).toBeUndefined();
    const asked = (index: number) =>
      topLevel(api.requests[index]?.query.$expand ?? '')
        .map((item) => item.replace(/^(\w+)(\(\$\w+)?.*$/, '$1$2'))
        .filter((item) => item === 'subject' || item.startsWith('actions'))
        .sort();
    expect([asked(0), asked(1), asked(2), asked(3)]).toEqual([
      ['actions($select'],
      ['actions($select', 'subject'],
      ['actions($expand', 'subject'],
      ['actions($expand', 'subject'],
    ]);
    expect(state.value.query_adjustments).toEqual({ tickets: { subject: 'expand', actions: 'whole' } });
    expect(byStream(out.records, 'tickets')).toHaveLength(recent.length + past.length);
    expect(byStream(out.records, 'ticket_actions').length).toBeGreaterThan(recent.length);
  });

  it('a 400 that names nothing the tap asked for fails the stream after one request, never a loop', async () => {
    const { api, out, error, lines } = await sync({
      reject: () =>
        "The query specified in the URI is not valid. Could not find a property named 'nothingWeAsked' on type 'X'.",
    });
    expect(error).toBeUndefined();
    expect(api.requests).toHaveLength(1);
    expect(out.records).toHaveLength(0);
    expect(lines.filter((line) => line.startsWith('error tickets, ticket_clients'))).toHaveLength(1);
  });

  it('a key the account does not serve is never dropped: the stream fails after one request', async () => {
    const { api, result, out } = await sync({ unknownProperties: ['lastUpdate'] });
    expect(api.requests).toHaveLength(1);
    expect(result?.failures.map((f) => [f.root, f.kind])).toEqual([['tickets', 'failed']]);
    expect(out.records).toHaveLength(0);
  });

  it('what was learned before a stream failed is still written to STATE', async () => {
    const { out, result, api } = await sync({
      unknownProperties: ['canceledIn'],
      reject: () => 'The query specified in the URI is not valid.',
    });
    expect(api.requests).toHaveLength(2);
    expect(result?.failures.map((f) => f.root)).toEqual(['tickets']);
    expect(out.records).toHaveLength(0);
    expect(out.states).toHaveLength(1);
    expect(out.states[0]).toMatchObject({
      bookmarks: {},
      query_adjustments: { tickets: { canceledIn: 'drop' } },
    });
  });

  it('a child collection the account does not serve skips that child stream only, reported once', async () => {
    const { out, error, result, lines } = await sync({ unknownProperties: ['assets'] });
    expect(error).toBeUndefined();
    expect(byStream(out.records, 'ticket_assets')).toHaveLength(0);
    expect(byStream(out.records, 'tickets')).toHaveLength(recent.length + past.length);
    expect(byStream(out.records, 'ticket_actions').length).toBeGreaterThan(0);
    expect(result?.failures.map((f) => [f.kind, f.streams, f.failsRun])).toEqual([
      ['skipped', ['ticket_assets'], false],
    ]);
    expect(
      lines.filter((line) => line.startsWith('warn ticket_assets skipped: this account does not serve')),
    ).toHaveLength(1);
    const selected = await sync({ unknownProperties: ['assets'], explicitSelection: true });
    expect(selected.result?.failures.map((f) => f.failsRun)).toEqual([true]);
  });

  it('a collection that is not a list of objects yields no rows from it, a warning and a count; the rest of the row is read', async () => {
    const odd = recent.map((ticket, index) =>
      index === 0
        ? {
            ...ticket,
            clients: 'Fulano',
            actions: [7, ...(ticket.actions as unknown[])],
            parentTickets: null,
          }
        : ticket,
    );
    const { out, error, result, lines } = await sync({ recent: odd });
    expect(error).toBeUndefined();
    const first = odd[0] as JsonRecord;
    const actionsOfFirst = byStream(out.records, 'ticket_actions').filter((a) => a.ticketId === first.id);
    expect(actionsOfFirst).toHaveLength((first.actions as unknown[]).length - 1);
    expect(byStream(out.records, 'ticket_clients').filter((c) => c.ticketId === first.id)).toHaveLength(0);
    expect(byStream(out.records, 'ticket_clients').length).toBeGreaterThan(0);
    expect(result?.issues.ignoredCounts).toEqual(
      new Map([
        ['ticket_clients.clients', 1],
        ['ticket_actions.actions', 1],
      ]),
    );
    expect(
      lines.filter((line) => line.includes('clients came as a string where a list is documented')),
    ).toHaveLength(1);
    expect(
      lines.filter((line) => line.includes('parentTickets came as null where a list is documented')),
    ).toHaveLength(1);
  });

  it('fails at once on 401 with a message that names the token problem and never the token', async () => {
    const { api, error, lines } = await sync({ serverToken: 'another-token' });
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/the Movidesk token was rejected/);
    expect(api.requests).toHaveLength(1);
    expect(`${(error as Error).message}\n${lines.join('\n')}`).not.toContain(TOKEN);
  });
});

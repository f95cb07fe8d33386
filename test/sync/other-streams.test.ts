import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { methodsFromCatalog, selectAll } from '../../src/engine/selection.js';
import { StateManager, type TapState } from '../../src/engine/state.js';
import { runSync } from '../../src/engine/sync.js';
import type { JsonRecord, ReplicationMethod } from '../../src/streams/define.js';
import { STREAMS as ALL } from '../../src/streams/index.js';
import { captureLogger, collectingSink, testClient } from '../helpers/harness.js';

const BASE = 'http://movidesk.other.test/public/v1';
const TOKEN = 'c56a4180-65aa-42ec-a945-5fd21dec0538';
const NOW = Date.parse('2026-11-21T12:00:00.000Z');

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

interface Seen {
  path: string;
  query: Record<string, string>;
}

/** Serves one route from a handler and records every request. */
function serve(path: string, handler: (query: Record<string, string>) => unknown, seen: Seen[]) {
  nock(BASE)
    .persist()
    .get((uri) => new URL(uri, 'http://x').pathname === `/public/v1${path}`)
    .query(true)
    .reply((uri) => {
      const query = Object.fromEntries(new URL(uri, 'http://x').searchParams);
      seen.push({ path, query });
      if (query.token !== TOKEN) return [401, '{}'];
      return [200, JSON.stringify(handler(query))];
    });
}

async function sync(
  streamNames: string[],
  options: { state?: TapState; methods?: Map<string, ReplicationMethod> } = {},
) {
  const streams = ALL.filter((stream) =>
    streamNames.some((name) => stream.name === name || stream.name.startsWith(`${name.replace(/s$/, '')}_`)),
  );
  const { logger, redactor } = captureLogger();
  const client = testClient(BASE, TOKEN, logger, redactor);
  const { sink, out } = collectingSink();
  const versions: { stream: string; version: number }[] = [];
  sink.activateVersion = (stream, version) => versions.push({ stream, version });
  try {
    await runSync({
      client,
      logger,
      sink,
      state: new StateManager(options.state),
      selection: selectAll(streams),
      methods: options.methods,
      settings: { pageSize: 100, lookbackMinutes: 5, includeDeletedItems: true },
      streams: ALL,
      now: NOW,
    });
  } finally {
    client.close();
  }
  return { out, versions, streams };
}

const records = (out: { records: { stream: string; record: JsonRecord }[] }, stream: string) =>
  out.records.filter((r) => r.stream === stream).map((r) => r.record);

/** A list that fits in one page: the rows, then the empty page that ends the keyset. */
const onePage = (rows: JsonRecord[]) => (query: Record<string, string>) => (query.$filter ? [] : rows);

/** OData keyset over string ids, as /persons pages. */
function keysetOver(rows: JsonRecord[], top = 100) {
  return (query: Record<string, string>) => {
    const after = /id gt '((?:[^']|'')*)'/.exec(query.$filter ?? '')?.[1]?.replace(/''/g, "'");
    const sorted = [...rows].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    return sorted
      .filter((row) => after === undefined || String(row.id).localeCompare(after) > 0)
      .slice(0, Math.min(top, Number(query.$top)));
  };
}

const person = (i: number): JsonRecord => ({
  id: `P-${String(i).padStart(4, '0')}`,
  businessName: `Pessoa ${i} "Ação"`,
  personType: 1,
  profileType: 2,
  isActive: true,
  changedDate: '2026-10-01T10:00:00.1234567',
  createdDate: '2020-01-01T00:00:00',
  teams: ['Suporte'],
  addresses: [
    {
      addressType: 'Comercial',
      country: 'Brasil',
      postalCode: '89000-000',
      street: 'Rua A',
      number: '1',
      complement: null,
      isDefault: true,
    },
  ],
  contacts: [{ contactType: 'Telefone celular', contact: '(47) 99999-9999', isDefault: true }],
  emails: [{ emailType: 'Profissional', email: `Pessoa${i}@Example.com`, isDefault: true }],
  relationships: [
    { id: 'ORG-1', name: 'Organização', services: [{ id: 7, name: 'Suporte', copyToChildren: false }] },
  ],
  customFieldValues: [
    {
      customFieldId: 9,
      customFieldRuleId: 1,
      line: 1,
      value: null,
      items: [{ personId: 'AGENT-1', clientId: null, team: null, customFieldItem: null }],
    },
  ],
});

describe('persons', () => {
  const people = Array.from({ length: 230 }, (_, i) => person(i));

  it('pages by string keyset, emits every child with personId, and activates a new version (FULL_TABLE)', async () => {
    const seen: Seen[] = [];
    serve('/persons', keysetOver(people, 100), seen);
    const { out, versions } = await sync(['persons']);
    expect(records(out, 'persons')).toHaveLength(230);
    expect(seen.map((s) => s.query.$filter)).toEqual([
      undefined,
      "id gt 'P-0099'",
      "id gt 'P-0199'",
      "id gt 'P-0229'",
    ]);
    expect(seen[0]?.query.$expand).toContain('relationships($select=');
    expect(seen[0]?.query.$expand).toContain('services($select=');
    expect(records(out, 'person_emails')[0]).toMatchObject({
      personId: 'P-0000',
      emailKey: 'Profissional|pessoa0@example.com',
    });
    expect(records(out, 'person_addresses')[0]).toMatchObject({
      personId: 'P-0000',
      addressKey: 'Comercial|89000-000|Rua A|1|',
    });
    expect(records(out, 'person_relationship_services')[0]).toMatchObject({
      personId: 'P-0000',
      relationshipId: 'ORG-1',
      id: 7,
    });
    expect(records(out, 'person_custom_field_value_items')[0]).toMatchObject({
      personId: 'P-0000',
      itemPersonId: 'AGENT-1',
      itemKey: 'personId:AGENT-1',
    });
    // First sync: activated at the start and at the end, for the parent and every child.
    expect(versions.filter((v) => v.stream === 'persons')).toEqual([
      { stream: 'persons', version: NOW },
      { stream: 'persons', version: NOW },
    ]);
    expect(versions.filter((v) => v.stream === 'person_emails')).toHaveLength(2);
    expect(out.states.at(-1)).toEqual({ bookmarks: { persons: {} } });
  });

  it('is read INCREMENTAL on changedDate when the catalog chooses it, never-edited persons (no changedDate) included', async () => {
    const seen: Seen[] = [];
    serve('/persons', keysetOver(people.slice(0, 3)), seen);
    const state: TapState = {
      bookmarks: {
        persons: { replication_key: 'changedDate', replication_key_value: '2026-11-01T00:00:00Z' },
      },
    };
    const methods = methodsFromCatalog(
      {
        streams: [
          {
            tap_stream_id: 'persons',
            metadata: [{ breadcrumb: [], metadata: { 'replication-method': 'INCREMENTAL' } }],
          },
        ],
      },
      ALL,
      'catalog.json',
    );
    const { out, versions } = await sync(['persons'], { state, methods });
    expect(seen[0]?.query.$filter).toBe(
      '(changedDate ge 2026-10-31T23:55:00.000Z and changedDate lt 2026-11-21T12:00:00.000Z or changedDate eq null)',
    );
    expect(versions).toEqual([]);
    expect(out.states.at(-1)).toEqual({
      bookmarks: {
        persons: { replication_key: 'changedDate', replication_key_value: '2026-11-21T12:00:00.000Z' },
      },
    });
  });

  it('rejects a replication method the stream cannot do', () => {
    const catalog = {
      streams: [
        {
          tap_stream_id: 'services',
          metadata: [{ breadcrumb: [], metadata: { 'replication-method': 'INCREMENTAL' } }],
        },
      ],
    };
    expect(() => methodsFromCatalog(catalog, ALL, 'catalog.json')).toThrow(
      /stream "services" cannot be replicated INCREMENTAL; it supports FULL_TABLE/,
    );
  });
});

describe('survey streams', () => {
  it('reads questions from a bare array with their languages', async () => {
    const seen: Seen[] = [];
    serve(
      '/survey/questions',
      () => [
        {
          id: 'pZN7',
          type: 3,
          isActive: true,
          languages: [
            { cultureId: 'pt-BR', description: 'De 0 a 10…' },
            { cultureId: 'en-US', description: 'From 0 to 10' },
          ],
        },
      ],
      seen,
    );
    const { out } = await sync(['survey_questions']);
    expect(seen).toHaveLength(1);
    expect(records(out, 'survey_question_languages')).toEqual([
      { questionId: 'pZN7', cultureId: 'pt-BR', description: 'De 0 a 10…' },
      { questionId: 'pZN7', cultureId: 'en-US', description: 'From 0 to 10' },
    ]);
  });

  it('follows the responses cursor until hasMore is false, inside the responseDate window, and resumes after the last id', async () => {
    const all = Array.from({ length: 250 }, (_, i) => ({
      id: `r${String(i).padStart(3, '0')}`,
      questionId: 'pZN7',
      clientId: 'C1',
      type: 3,
      ticketId: i,
      responseDate: '2026-11-20T10:00:00.0174433',
      commentary: i % 2 ? null : 'Ótimo 👍',
      value: i % 11,
    }));
    const seen: Seen[] = [];
    serve(
      '/survey/responses',
      (query) => {
        const start = query.startingAfter ? all.findIndex((r) => r.id === query.startingAfter) + 1 : 0;
        const items = all.slice(start, start + Number(query.limit));
        return { hasMore: start + items.length < all.length, items };
      },
      seen,
    );
    const state: TapState = {
      bookmarks: {
        survey_responses: { replication_key: 'responseDate', replication_key_value: '2026-11-01T00:00:00Z' },
      },
    };
    const { out } = await sync(['survey_responses'], { state });
    expect(records(out, 'survey_responses')).toHaveLength(250);
    expect(seen.map((s) => s.query.startingAfter)).toEqual([undefined, 'r099', 'r199']);
    expect(seen[0]?.query).toMatchObject({
      limit: '100',
      responseDateGreaterThan: '2026-10-31T23:55:00.000Z',
      responseDateLessThan: '2026-11-21T12:00:00.000Z',
    });
    expect(records(out, 'survey_responses')[0]?.responseDate).toBe('2026-11-20T10:00:00.0174433Z');
    const afterFirstPage = out.states[0] as TapState;
    expect(afterFirstPage.bookmarks.survey_responses?.progress).toMatchObject({ after: 'r099' });
    nock.cleanAll();
    const resumed: Seen[] = [];
    serve(
      '/survey/responses',
      (query) => {
        const start = query.startingAfter ? all.findIndex((r) => r.id === query.startingAfter) + 1 : 0;
        return { hasMore: start + 100 < all.length, items: all.slice(start, start + 100) };
      },
      resumed,
    );
    const second = await sync(['survey_responses'], { state: afterFirstPage });
    expect(resumed[0]?.query.startingAfter).toBe('r099');
    expect(records(second.out, 'survey_responses')).toHaveLength(150);
  });
});

describe('hour contracts', () => {
  it('lists contracts, then asks the consumption of each contract over its periods, children keyed by name and period', async () => {
    const seen: Seen[] = [];
    serve(
      '/timeAgreement',
      onePage([
        {
          id: 1,
          name: 'Contrato A',
          createdOn: '2024-03-10T12:00:00',
          renewalDay: '5',
          contractedHours: 40,
          isActive: true,
        },
        {
          id: 2,
          name: 'Contrato B',
          createdOn: '2025-01-01T00:00:00',
          renewalDay: 1,
          contractedHours: 10.5,
          isActive: false,
        },
      ]),
      seen,
    );
    serve(
      '/timeAgreementConsumption',
      (query) => [
        {
          id: '0',
          name: query.name,
          period: '2026-11-01T00:00:00',
          renewalDay: '5',
          contractedHours: '40',
          consumedHours: null,
          timeAppointments: [
            {
              id: 3,
              ticketNumber: '123',
              actionNumber: 2,
              activity: 'Dev',
              date: '2026-11-03T00:00:00',
              workTime: '01:00:00',
              accountedTime: 1,
            },
          ],
          expenses: [{ id: 4, type: 'Km', value: 10.5, date: '2026-11-03T10:00:00' }],
          clients: [{ id: 'C1', businessName: 'Cliente', isDeleted: false, organization: null }],
        },
      ],
      seen,
    );
    const { out } = await sync(['time_agreements', 'time_agreement_consumptions']);
    expect(records(out, 'time_agreements').map((r) => [r.id, r.renewalDay])).toEqual([
      [1, 5],
      [2, 1],
    ]);
    // The contracts just read are the partitions: /timeAgreement is not listed a second time.
    expect(seen.filter((s) => s.path === '/timeAgreement')).toHaveLength(2);
    const consumption = seen.filter((s) => s.path === '/timeAgreementConsumption');
    expect(consumption.map((s) => [s.query.name, s.query.startPeriod, s.query.endPeriod])).toEqual([
      ['Contrato A', '2000-01-01T00:00:00', '2026-11-21T00:00:00'],
      ['Contrato B', '2000-01-01T00:00:00', '2026-11-21T00:00:00'],
    ]);
    expect(consumption[0]?.query.$select).toBeUndefined();
    expect(records(out, 'time_agreement_consumptions')[0]).toMatchObject({
      name: 'Contrato A',
      period: '2026-11-01T00:00:00Z',
      renewalDay: 5,
      contractedHours: 40,
    });
    expect(records(out, 'time_agreement_consumption_time_appointments')[0]).toMatchObject({
      name: 'Contrato A',
      period: '2026-11-01T00:00:00Z',
      ticketNumber: '123',
      actionNumber: 2,
      id: 3,
    });
    expect(records(out, 'time_agreement_consumption_clients')).toHaveLength(2);
  });
});

describe('hour contracts, resumed', () => {
  it('skips the contracts an interrupted run finished and keeps its version', async () => {
    const seen: Seen[] = [];
    serve(
      '/timeAgreement',
      onePage([
        { id: 1, name: 'Contrato A' },
        { id: 2, name: 'Contrato B' },
      ]),
      seen,
    );
    serve(
      '/timeAgreementConsumption',
      (query) => [{ id: '0', name: query.name, period: '2026-11-01T00:00:00' }],
      seen,
    );
    const state: TapState = {
      bookmarks: {
        time_agreement_consumptions: {
          progress: {
            window_start: null,
            window_end: '2026-11-21T11:00:00.000Z',
            partition: 'Contrato A',
            version: 123,
          },
        },
      },
    };
    const { out, versions } = await sync(['time_agreement_consumptions'], { state });
    expect(seen.filter((s) => s.path === '/timeAgreementConsumption').map((s) => s.query.name)).toEqual([
      'Contrato B',
    ]);
    expect(out.records.map((r) => r.record.name)).toEqual(['Contrato B']);
    // Not re-opened at the start (the table exists), activated at the end with the interrupted run's version.
    expect(new Set(versions.map((v) => v.version))).toEqual(new Set([123]));
    expect(versions.map((v) => v.stream)).toContain('time_agreement_consumptions');
  });
});

describe('services and activities', () => {
  it('reads services by integer keyset and activities by cursor, both FULL_TABLE', async () => {
    const seen: Seen[] = [];
    serve(
      '/services',
      onePage([
        { id: 1, name: 'Suporte', parentServiceId: null, categories: ['Dúvida'] },
        { id: 2, name: 'N2', parentServiceId: 1, categories: [] },
      ]),
      seen,
    );
    serve(
      '/activity',
      () => ({ hasMore: false, items: [{ id: 1, name: 'Desenvolvimento', isActive: true }] }),
      seen,
    );
    const { out, versions } = await sync(['services', 'activities']);
    expect(records(out, 'services')).toHaveLength(2);
    expect(records(out, 'activities')).toEqual([expect.objectContaining({ id: 1, name: 'Desenvolvimento' })]);
    expect(seen.filter((s) => s.path === '/services').map((s) => s.query.$filter)).toEqual([
      undefined,
      'id gt 2',
    ]);
    expect(new Set(versions.map((v) => v.stream))).toEqual(new Set(['services', 'activities']));
  });
});

import nock from 'nock';
import type { JsonRecord } from '../../src/streams/define.js';

export interface RecordedRequest {
  route: string;
  query: Record<string, string>;
  at: number;
}

export interface CannedFailure {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface FakeApiOptions {
  recent: JsonRecord[];
  past: JsonRecord[];
  token: string;
  /** $top is capped silently, like Movidesk does. */
  maxTop?: number;
  /** Properties this fake account does not have: naming one in a query is a 400, as in OData. */
  unknownProperties?: string[];
  /** Any other 400 this fake account answers: the `Message` for a query, or undefined to serve it. */
  reject?: (query: Record<string, string>) => string | undefined;
}

/**
 * nock stand-in for /tickets and /tickets/past serving recorded-shape rows: applies the tap's
 * keyset filter (`lastUpdate ge/lt`, `id gt`), `$orderby=id`, and a silent `$top` cap. Failures
 * queued with `failNext` are answered first.
 */
export function fakeTicketsApi(baseUrl: string, options: FakeApiOptions) {
  const requests: RecordedRequest[] = [];
  const failures: CannedFailure[] = [];
  const scope = nock(baseUrl)
    .persist()
    .get(/\/tickets(\/past)?(\?.*)?$/)
    .query(true)
    .reply((uri) => {
      const url = new URL(uri, 'http://x');
      const route = url.pathname.endsWith('/past') ? '/tickets/past' : '/tickets';
      const query = Object.fromEntries(url.searchParams);
      requests.push({ route, query, at: Date.now() });
      const failure = failures.shift();
      if (failure) return [failure.status, failure.body ?? '', failure.headers ?? {}];
      if (query.token !== options.token)
        return [401, JSON.stringify({ Message: 'Authorization has been denied for this request.' })];
      if (!query.$select)
        return [400, JSON.stringify({ Message: 'É obrigatório o uso da cláusula $select' })];
      const named = `${query.$select},${query.$expand ?? ''}`.split(/[,;()=]/);
      const unknown = options.unknownProperties?.find((property) => named.includes(property));
      if (unknown) {
        const message = `The query specified in the URI is not valid. Could not find a property named '${unknown}' on type 'TicketApiDto'.`;
        return [400, JSON.stringify({ Message: message })];
      }
      const rejected = options.reject?.(query);
      if (rejected) return [400, JSON.stringify({ Message: rejected })];
      const rows = (route === '/tickets' ? options.recent : options.past)
        .filter((row) => matches(row, query.$filter ?? ''))
        .sort((a, b) => (a.id as number) - (b.id as number));
      const top = Math.min(Number(query.$top ?? 1000), options.maxTop ?? 100);
      return [200, JSON.stringify(rows.slice(0, top)), { 'Content-Type': 'application/json; charset=utf-8' }];
    });
  // The other endpoints answer empty, so a sync of every stream runs through.
  const others = nock(baseUrl)
    .persist()
    .get(
      /\/(persons|services|timeAgreement|timeAgreementConsumption|survey\/questions|survey\/responses|activity)(\?.*)?$/,
    )
    .query(true)
    .reply((uri) => [
      200,
      /\/(survey\/responses|activity)\b/.test(uri) ? '{"hasMore":false,"items":[]}' : '[]',
    ]);
  return {
    requests,
    scope,
    others,
    failNext: (...next: CannedFailure[]) => failures.push(...next),
    done: () => nock.cleanAll(),
  };
}

function matches(row: JsonRecord, filter: string): boolean {
  const lastUpdate = Date.parse(`${row.lastUpdate as string}Z`);
  const ge = /lastUpdate ge (\S+)/.exec(filter)?.[1];
  const lt = /lastUpdate lt (\S+)/.exec(filter)?.[1];
  const after = /id gt (-?\d+)/.exec(filter)?.[1];
  if (ge && !(lastUpdate >= Date.parse(ge))) return false;
  if (lt && !(lastUpdate < Date.parse(lt))) return false;
  if (after && !((row.id as number) > Number(after))) return false;
  return true;
}

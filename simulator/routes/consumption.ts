/**
 * /timeAgreementConsumption. `name` + startPeriod/endPeriod returns that contract's periods in the
 * window as an array; `name` alone the current period as an object; otherwise an OData list (one row
 * per contract, its current period) that requires $select and, like the docs' examples, serialises
 * numbers as strings.
 */
import type { Consumption } from '../data/contracts.js';
import { ConsumptionType } from '../schema/catalog.js';
import { looseDateToStamp, normalizeStamp } from '../time.js';
import {
  type ApiRequest,
  type ApiResponse,
  bindList,
  json,
  listAnswer,
  message,
  notFound,
  type RouteEnv,
  readOptions,
  selectRequired,
} from './common.js';
import { listRecords } from './odata-list.js';

function periodParam(req: ApiRequest, name: string): string | null | undefined {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return undefined;
  return looseDateToStamp(raw);
}

function stringifyNumbers(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'number' ? String(v) : v;
  return out;
}

export function handleConsumption(req: ApiRequest, env: RouteEnv): ApiResponse {
  const name = req.query.get('name');
  const start = periodParam(req, 'startPeriod');
  const end = periodParam(req, 'endPeriod');
  const hasPeriod = start !== undefined || end !== undefined;
  if (start === null || end === null) {
    return message(
      400,
      'The request is invalid. startPeriod and endPeriod must be dates like 2019-10-01T00:00:00.',
    );
  }
  if (hasPeriod && !name)
    return message(
      400,
      'The request is invalid. The name parameter is required when startPeriod or endPeriod is informed.',
    );
  const all = env.store.consumptions;
  if (name) {
    if (hasPeriod && req.query.has('$select') && env.opts.quirks.consumptionRejectSelectWithPeriod) {
      return message(400, 'The request is invalid. $select cannot be combined with startPeriod/endPeriod.');
    }
    const periods = all.filter((c) => c.name === name);
    if (!hasPeriod) {
      const current = periods[periods.length - 1];
      return current ? json(200, current) : notFound('Time agreement');
    }
    const inWindow = (c: Consumption) => {
      const p = normalizeStamp(c.period);
      return (start === undefined || p >= start) && (end === undefined || p <= end);
    };
    return json(200, periods.filter(inWindow));
  }
  const raw = readOptions(req.query);
  if (raw.select === null) return selectRequired();
  const current = new Map<string, Consumption>();
  for (const c of all) current.set(c.name, c);
  const q = bindList(ConsumptionType, raw, env);
  const rows = listRecords([...current.values()], q, env);
  return listAnswer(env.opts.quirks.consumptionListNumbersAsStrings ? rows.map(stringifyNumbers) : rows, q);
}

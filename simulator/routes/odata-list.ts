/** Generic OData list over an in-memory array (persons, services, contracts). */
import type { BoundQuery } from '../odata/bind.js';
import { matches, orderComparator } from '../odata/evaluate.js';
import { project, type ShapeOptions } from '../odata/shape.js';
import { effectiveTop, type RouteEnv } from './common.js';

export function shapeOptions(env: RouteEnv): ShapeOptions {
  return {
    expandRequiresSelect: env.opts.quirks.expandRequiresSelect,
    nestedExpandOptions: env.opts.quirks.nestedExpandOptions,
    account: env.opts.account,
  };
}

/** Default order is by id ascending; explicit keys get id as the final tie-breaker. */
export function listRecords(
  records: readonly object[],
  q: BoundQuery,
  env: RouteEnv,
): Record<string, unknown>[] {
  const byId = orderComparator([{ segs: ['id'], desc: false, datetime: false }]);
  const keys = orderComparator(q.orderby);
  const hasId = 'id' in q.type.properties;
  const matched = records.filter((r) => matches(q.filter, r));
  matched.sort((a, b) => keys(a, b) || (hasId ? byId(a, b) : 0));
  const skip = q.skip ?? 0;
  const page = matched.slice(skip, skip + effectiveTop(q, env.opts.maxTop));
  const opts = shapeOptions(env);
  return page.map((r) => project(r as Record<string, unknown>, q, opts));
}

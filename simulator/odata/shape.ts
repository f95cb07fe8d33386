/** $select / $expand projection of records. Properties not selected are absent, never null. */
import type { AccountOptions } from '../options.js';
import { accountValue, plainItem } from './account.js';
import type { BoundQuery } from './bind.js';
import { matches, orderComparator } from './evaluate.js';
import { isNavigation } from './model.js';

export interface ShapeOptions {
  /** Navigation properties must be in $select too (when a $select exists at that level). */
  expandRequiresSelect: boolean;
  /** Apply $filter/$orderby/$skip/$top written inside $expand(...). */
  nestedExpandOptions: boolean;
  /** How the account writes values (see options `account`); absent: as documented. */
  account?: AccountOptions;
}

type Json = Record<string, unknown>;

function applyCollectionOptions(items: unknown[], q: BoundQuery, opts: ShapeOptions): unknown[] {
  if (!opts.nestedExpandOptions) return items;
  let out = q.filter ? items.filter((x) => matches(q.filter, x)) : items;
  if (q.orderby.length > 0) out = [...out].sort(orderComparator(q.orderby));
  const skip = q.skip ?? 0;
  return out.slice(skip, q.top === null ? undefined : skip + q.top);
}

/** Projects one record; property order follows the entity type, as the server's serializer does. */
export function project(record: Json, q: BoundQuery, opts: ShapeOptions): Json {
  const out: Json = {};
  for (const [name, prop] of Object.entries(q.type.properties)) {
    if (!(name in record)) continue;
    const selected = q.select === null ? !isNavigation(prop) : q.select.has(name);
    if (!isNavigation(prop)) {
      if (selected) {
        const value = record[name];
        // Objects in a plain list: a collection this account serves as strings.
        out[name] = Array.isArray(value)
          ? value.map(plainItem)
          : opts.account
            ? accountValue(value, prop, opts.account)
            : value;
      }
      continue;
    }
    const child = q.expand.get(name);
    if (!child) continue;
    if (q.select !== null && !selected && opts.expandRequiresSelect) continue;
    const value = record[name];
    const nullCollections = opts.account?.nullCollections === true;
    if (value === null || value === undefined) {
      out[name] = prop.kind === 'many' && !nullCollections ? [] : null;
    } else if (prop.kind === 'many') {
      const items = applyCollectionOptions(value as unknown[], child, opts);
      out[name] =
        items.length === 0 && nullCollections
          ? null
          : items.map((item) => project(item as Json, child, opts));
    } else {
      out[name] = project(value as Json, child, opts);
    }
  }
  return out;
}

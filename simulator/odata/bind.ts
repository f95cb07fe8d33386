/**
 * Binds $select/$expand (and nested options) to an entity type: unknown properties and expands of
 * non-navigation properties are rejected, repeated expand items are merged.
 */
import { type BExpr, bindFilter, bindOrderBy, type OrderKey } from './bind-filter.js';
import { type EntityType, invalid, isNavigation, unknownProperty } from './model.js';
import { type ExpandOptionsText, parseExpand, parseNonNegativeInt, parseSelect } from './parse.js';

export interface BoundQuery {
  type: EntityType;
  /** Selected structural and navigation property names; null means "no $select". */
  select: Set<string> | null;
  expand: Map<string, BoundQuery>;
  filter: BExpr | null;
  orderby: OrderKey[];
  top: number | null;
  skip: number | null;
}

/** The text of one level's options: the query string's, or an $expand item's (same shape). */
export type RawOptions = ExpandOptionsText;

/** Binds one level of options; repeated expand items for the same navigation are merged. */
export function bindQuery(type: EntityType, raw: RawOptions): BoundQuery {
  let select: Set<string> | null = null;
  if (raw.select !== null) {
    select = new Set();
    for (const item of parseSelect(raw.select)) {
      if (item === '*') {
        for (const [name, prop] of Object.entries(type.properties)) if (!isNavigation(prop)) select.add(name);
        continue;
      }
      if (item.includes('/')) {
        throw invalid(
          `Found a path with multiple navigation properties or a bad complex property path in a select clause: '${item}'.`,
        );
      }
      if (!type.properties[item]) throw unknownProperty(item, type);
      select.add(item);
    }
  }
  const expand = new Map<string, BoundQuery>();
  for (const item of raw.expand === null ? [] : parseExpand(raw.expand)) {
    if (item.path.includes('/')) {
      throw invalid(
        `Found a path with multiple navigation properties in an expand clause: '${item.path}'. Use nested $expand options instead.`,
      );
    }
    const prop = type.properties[item.path];
    if (!prop) throw unknownProperty(item.path, type);
    if (!isNavigation(prop)) {
      throw invalid(
        `Property '${item.path}' on type '${type.name}' is not a navigation property or complex property. Only navigation properties can be expanded.`,
      );
    }
    const child = bindQuery(prop.target, item.options);
    const previous = expand.get(item.path);
    expand.set(item.path, previous ? mergeQueries(previous, child) : child);
  }
  return {
    type,
    select,
    expand,
    filter: raw.filter === null ? null : bindFilter(raw.filter, type),
    orderby: raw.orderby === null ? [] : bindOrderBy(raw.orderby, type),
    top: raw.top === null ? null : parseNonNegativeInt('$top', raw.top),
    skip: raw.skip === null ? null : parseNonNegativeInt('$skip', raw.skip),
  };
}

/**
 * `actions($select=origin,id),actions($expand=timeAppointments)` (an S-TKT example) merges into one
 * level: explicit selects are united, and navigations expanded by an item without $select count as
 * selected, so the example returns id, origin and timeAppointments.
 */
function mergeQueries(a: BoundQuery, b: BoundQuery): BoundQuery {
  const implicit = (q: BoundQuery) => (q.select === null ? [...q.expand.keys()] : [...q.select]);
  const select = a.select === null && b.select === null ? null : new Set([...implicit(a), ...implicit(b)]);
  const expand = new Map(a.expand);
  for (const [name, q] of b.expand) {
    const prev = expand.get(name);
    expand.set(name, prev ? mergeQueries(prev, q) : q);
  }
  return {
    type: a.type,
    select,
    expand,
    filter: b.filter ?? a.filter,
    orderby: b.orderby.length > 0 ? b.orderby : a.orderby,
    top: b.top ?? a.top,
    skip: b.skip ?? a.skip,
  };
}

/** Expanded collections at every level: the unit of the heavy-query cost. */
export function countExpandedCollections(q: BoundQuery): number {
  let n = 0;
  for (const [name, child] of q.expand) {
    if (q.type.properties[name]?.kind === 'many') n++;
    n += countExpandedCollections(child);
  }
  return n;
}

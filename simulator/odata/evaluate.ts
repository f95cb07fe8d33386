/** Evaluates bound $filter expressions and $orderby keys against plain JSON records. */
import { normalizeStamp } from '../time.js';
import type { BExpr, OrderKey } from './bind-filter.js';

type Env = Map<string, unknown>;

export function getPath(value: unknown, segs: readonly string[]): unknown {
  let cur = value;
  for (const seg of segs) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return null;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur === undefined ? null : cur;
}

/** Ordinal comparison with nulls first, as SQL Server sorts them ascending. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function stampOrNull(v: unknown): unknown {
  return typeof v === 'string' ? normalizeStamp(v) : v;
}

function evalValue(e: BExpr, it: unknown, env: Env): unknown {
  switch (e.k) {
    case 'lit':
      return e.value;
    case 'path': {
      const base = e.root === null ? it : env.get(e.root);
      const v = getPath(base, e.segs);
      return e.datetime ? stampOrNull(v) : v;
    }
    case 'cmp': {
      const l = evalValue(e.l, it, env);
      const r = evalValue(e.r, it, env);
      if (l === null || r === null) {
        if (e.op === 'eq') return l === r;
        if (e.op === 'ne') return l !== r;
        return false;
      }
      const c = compareValues(l, r);
      switch (e.op) {
        case 'eq':
          return c === 0;
        case 'ne':
          return c !== 0;
        case 'gt':
          return c > 0;
        case 'ge':
          return c >= 0;
        case 'lt':
          return c < 0;
        case 'le':
          return c <= 0;
      }
      return false;
    }
    case 'and':
      return evalValue(e.l, it, env) === true && evalValue(e.r, it, env) === true;
    case 'or':
      return evalValue(e.l, it, env) === true || evalValue(e.r, it, env) === true;
    case 'not':
      return evalValue(e.e, it, env) !== true;
    case 'call':
      return callFunction(
        e.name,
        e.args.map((a) => evalValue(a, it, env)),
      );
    case 'lambda': {
      const base = e.root === null ? it : env.get(e.root);
      const items = getPath(base, e.segs);
      const list = Array.isArray(items) ? items : [];
      if (e.body === null || e.v === null) return list.length > 0;
      const body = e.body;
      const variable = e.v;
      const test = (item: unknown) => {
        const inner = new Map(env);
        inner.set(variable, item);
        return evalValue(body, it, inner) === true;
      };
      return e.op === 'any' ? list.some(test) : list.every(test);
    }
  }
}

function callFunction(name: string, args: unknown[]): unknown {
  const [a, b] = args;
  if (args.some((x) => x === null || x === undefined))
    return name.endsWith('with') || name.includes('contain') ? false : null;
  const s = String(a);
  switch (name) {
    case 'tolower':
      return s.toLowerCase();
    case 'toupper':
      return s.toUpperCase();
    case 'trim':
      return s.trim();
    case 'length':
      return s.length;
    case 'startswith':
      return s.startsWith(String(b));
    case 'endswith':
      return s.endsWith(String(b));
    case 'contains':
      return s.includes(String(b));
    case 'substringof':
      // OData v3 argument order: substringof(needle, haystack).
      return String(b).includes(s);
    case 'year':
      return Number(s.slice(0, 4));
    case 'month':
      return Number(s.slice(5, 7));
    case 'day':
      return Number(s.slice(8, 10));
    default:
      return null;
  }
}

export function matches(filter: BExpr | null, record: unknown): boolean {
  return filter === null || evalValue(filter, record, new Map()) === true;
}

export function orderComparator(keys: readonly OrderKey[]): (a: unknown, b: unknown) => number {
  return (a, b) => {
    for (const key of keys) {
      let va = getPath(a, key.segs);
      let vb = getPath(b, key.segs);
      if (key.datetime) {
        va = stampOrNull(va);
        vb = stampOrNull(vb);
      }
      const c = compareValues(va, vb);
      if (c !== 0) return key.desc ? -c : c;
    }
    return 0;
  };
}

/** Sort key values of a record, so large sorts can drop the records themselves. */
export function sortKey(record: unknown, keys: readonly OrderKey[]): unknown[] {
  return keys.map((k) => {
    const value = getPath(record, k.segs);
    return k.datetime ? stampOrNull(value) : value;
  });
}

export function compareSortKeys(
  a: readonly unknown[],
  b: readonly unknown[],
  keys: readonly OrderKey[],
): number {
  for (let i = 0; i < keys.length; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return keys[i]?.desc ? -c : c;
  }
  return 0;
}

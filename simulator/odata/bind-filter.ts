/**
 * Type-checks $filter and $orderby against an entity type, rejecting unknown properties, paths through
 * scalars or collections, and comparisons of incompatible types as the real OData layer does.
 */
import { type EdmType, type EntityType, invalid, type Property, unknownProperty } from './model.js';
import { type CompareOp, type Expr, parseFilter, parseOrderBy } from './parse.js';

/** Static type of a filter sub-expression. */
type ExprType = EdmType | 'Null' | 'Entity';

export type BExpr =
  | { k: 'lit'; value: string | number | boolean | null }
  | { k: 'path'; root: string | null; segs: string[]; datetime: boolean }
  | { k: 'cmp'; op: CompareOp; l: BExpr; r: BExpr }
  | { k: 'and' | 'or'; l: BExpr; r: BExpr }
  | { k: 'not'; e: BExpr }
  | { k: 'call'; name: string; args: BExpr[] }
  | {
      k: 'lambda';
      op: 'any' | 'all';
      root: string | null;
      segs: string[];
      v: string | null;
      body: BExpr | null;
    };

export interface OrderKey {
  segs: string[];
  desc: boolean;
  datetime: boolean;
}

const OP_NAMES: Record<CompareOp, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
};

const NUMERIC = new Set<ExprType>(['Int32', 'Int64', 'Decimal', 'Double']);

const FUNCTIONS: Record<string, { args: EdmType[]; returns: EdmType }> = {
  tolower: { args: ['String'], returns: 'String' },
  toupper: { args: ['String'], returns: 'String' },
  trim: { args: ['String'], returns: 'String' },
  length: { args: ['String'], returns: 'Int32' },
  startswith: { args: ['String', 'String'], returns: 'Boolean' },
  endswith: { args: ['String', 'String'], returns: 'Boolean' },
  contains: { args: ['String', 'String'], returns: 'Boolean' },
  substringof: { args: ['String', 'String'], returns: 'Boolean' },
  year: { args: ['DateTimeOffset'], returns: 'Int32' },
  month: { args: ['DateTimeOffset'], returns: 'Int32' },
  day: { args: ['DateTimeOffset'], returns: 'Int32' },
};

/** What a name refers to inside a lambda body: an entity or a scalar element. */
type Scope = Map<string, EntityType | EdmType>;

function compatible(a: ExprType, b: ExprType): boolean {
  if (a === 'Null' || b === 'Null') return true;
  if (NUMERIC.has(a) && NUMERIC.has(b)) return true;
  return a === b && a !== 'Entity';
}

const edm = (t: ExprType) => (t === 'Null' ? '<null>' : `Edm.${t}`);

/** Walks `segs` from `type`; navigations to single objects may be crossed, collections may not. */
export function resolve(type: EntityType, segs: string[]): Property {
  let current = type;
  let prop: Property | undefined;
  segs.forEach((seg, i) => {
    if (i > 0) {
      const prev = segs[i - 1] ?? '';
      if (!prop || prop.kind === 'value' || prop.kind === 'values') {
        throw invalid(
          `The segment '${seg}' following '${prev}' isn't Navigation/Structural/Complex/Collections.`,
        );
      }
      if (prop.kind === 'many') {
        throw invalid(
          `The parent value for a property access of a property '${seg}' is not a single value. Property access can only be applied to a single value.`,
        );
      }
      current = prop.target;
    }
    prop = current.properties[seg];
    if (!prop) throw unknownProperty(seg, current);
  });
  if (!prop) throw invalid('Empty property path.');
  return prop;
}

function bindExpr(e: Expr, type: EntityType, scope: Scope): { b: BExpr; t: ExprType } {
  switch (e.k) {
    case 'lit': {
      const t: ExprType = {
        string: 'String',
        int: 'Int32',
        decimal: 'Decimal',
        bool: 'Boolean',
        null: 'Null',
        datetime: 'DateTimeOffset',
      }[e.type] as ExprType;
      return { b: { k: 'lit', value: e.value }, t };
    }
    case 'path': {
      const [head = '', ...rest] = e.segs;
      const bound = scope.get(head);
      if (bound !== undefined && typeof bound === 'string') {
        if (rest.length > 0)
          throw invalid(
            `The segment '${rest[0]}' following '${head}' isn't Navigation/Structural/Complex/Collections.`,
          );
        return { b: { k: 'path', root: head, segs: [], datetime: bound === 'DateTimeOffset' }, t: bound };
      }
      const root = bound === undefined ? null : head;
      const segs = bound === undefined ? e.segs : rest;
      const base = bound === undefined ? type : bound;
      if (segs.length === 0) return { b: { k: 'path', root, segs, datetime: false }, t: 'Entity' };
      const prop = resolve(base, segs);
      if (prop.kind === 'values' || prop.kind === 'many') {
        throw invalid(
          `The property '${segs[segs.length - 1]}' is a collection; use any() or all() to compare its items.`,
        );
      }
      const t: ExprType = prop.kind === 'single' ? 'Entity' : prop.type;
      return { b: { k: 'path', root, segs, datetime: t === 'DateTimeOffset' }, t };
    }
    case 'cmp': {
      const l = bindExpr(e.l, type, scope);
      const r = bindExpr(e.r, type, scope);
      const entityOk =
        (l.t === 'Entity' || r.t === 'Entity') &&
        (e.op === 'eq' || e.op === 'ne') &&
        (l.t === 'Null' || r.t === 'Null');
      if (!entityOk && !compatible(l.t, r.t)) {
        throw invalid(
          `A binary operator with incompatible types was detected. Found operand types '${edm(l.t)}' and '${edm(r.t)}' for operator kind '${OP_NAMES[e.op]}'.`,
        );
      }
      return { b: { k: 'cmp', op: e.op, l: l.b, r: r.b }, t: 'Boolean' };
    }
    case 'and':
    case 'or': {
      const l = bindExpr(e.l, type, scope);
      const r = bindExpr(e.r, type, scope);
      for (const side of [l, r]) {
        if (side.t !== 'Boolean' && side.t !== 'Null') {
          throw invalid(
            `A binary operator with incompatible types was detected. Found operand type '${edm(side.t)}' for operator kind '${e.k === 'and' ? 'And' : 'Or'}'.`,
          );
        }
      }
      return { b: { k: e.k, l: l.b, r: r.b }, t: 'Boolean' };
    }
    case 'not': {
      const inner = bindExpr(e.e, type, scope);
      if (inner.t !== 'Boolean')
        throw invalid(
          `A unary operator with an incompatible type was detected. Found operand type '${edm(inner.t)}' for operator kind 'Not'.`,
        );
      return { b: { k: 'not', e: inner.b }, t: 'Boolean' };
    }
    case 'call': {
      const sig = FUNCTIONS[e.name];
      if (!sig) {
        throw invalid(
          `An unknown function with name '${e.name}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`,
        );
      }
      if (e.args.length !== sig.args.length)
        throw invalid(
          `No function signature for the function with name '${e.name}' matches the specified arguments.`,
        );
      const args = e.args.map((a, i) => {
        const bound = bindExpr(a, type, scope);
        if (!compatible(bound.t, sig.args[i] ?? 'String')) {
          throw invalid(
            `No function signature for the function with name '${e.name}' matches the specified arguments.`,
          );
        }
        return bound.b;
      });
      return { b: { k: 'call', name: e.name, args }, t: sig.returns };
    }
    case 'lambda': {
      const [head = '', ...rest] = e.segs;
      const bound = scope.get(head);
      const root = bound !== undefined && typeof bound !== 'string' ? head : null;
      const segs = root === null ? e.segs : rest;
      const prop = resolve(root === null ? type : (bound as EntityType), segs);
      if (prop.kind !== 'many' && prop.kind !== 'values') {
        throw invalid(
          `The '${e.op}' operator can only be applied to a collection; '${segs.join('/')}' is not one.`,
        );
      }
      let body: BExpr | null = null;
      if (e.body && e.v) {
        const inner: Scope = new Map(scope);
        inner.set(e.v, prop.kind === 'many' ? prop.target : prop.type);
        const b = bindExpr(e.body, type, inner);
        if (b.t !== 'Boolean')
          throw invalid(`The body of the '${e.op}' lambda must be a boolean expression.`);
        body = b.b;
      }
      return { b: { k: 'lambda', op: e.op, root, segs, v: e.v, body }, t: 'Boolean' };
    }
  }
}

export function bindFilter(text: string, type: EntityType): BExpr {
  const { b, t } = bindExpr(parseFilter(text), type, new Map());
  if (t !== 'Boolean') throw invalid('The $filter expression must evaluate to a single boolean value.');
  return b;
}

export function bindOrderBy(text: string, type: EntityType): OrderKey[] {
  return parseOrderBy(text).map(({ segs, desc }) => {
    const prop = resolve(type, segs);
    if (prop.kind !== 'value') {
      throw invalid(
        `The $orderby expression must evaluate to a single value of primitive type; '${segs.join('/')}' does not.`,
      );
    }
    return { segs, desc, datetime: prop.type === 'DateTimeOffset' };
  });
}

import type { JsonRecord, StreamDefinition } from '../../streams/define.js';
import { isNavigation, type JsonSchema, streamSchema } from '../../streams/schemas.js';
import { childrenOf, inheritedFields, injectedFields } from '../metadata.js';
import { type ContextBuilder, compileContext } from '../records/builder.js';
import { RecordConformer } from '../records/conformer.js';
import type { DataIssues } from '../records/data-issues.js';
import type { Selection } from '../selection.js';
import { type Adjustment, type Adjustments, type AskedProperty, EVERY_EXPANSION } from './adjustments.js';

/** One stream of a parent/child tree as the sync will read it. */
export interface PlanNode {
  stream: StreamDefinition;
  schema: JsonSchema;
  /** Whether records of this stream are emitted (a parent may be read only for its children). */
  emit: boolean;
  fields: Set<string>;
  /** API properties asked for at this level (`$select`), collections of active children included. */
  select: string[];
  /** `$expand` items at this level, children's nested options included. */
  expand: string[];
  /** How each property of this level (nested navigations included) is asked for: what a 400 may name. */
  asked: AskedProperty[];
  children: PlanNode[];
  /** Selected child streams left out because the account does not serve their collection. */
  unserved: StreamDefinition[];
  conformer: RecordConformer;
  /** The keys this stream's records get ahead of their own fields: inherited plus derived ones. */
  prefix?: ContextBuilder;
  /** The context this stream's rows hand to their children: inherited keys plus `childContext`. */
  handOn?: ContextBuilder;
}

/**
 * The read plan of a root stream: which children are active and what to ask the API for, after the
 * adjustments learned from this account. Adjustments are keyed by path (`statusHistories.changedByTeam`,
 * a root property by its name); a key, replication key or parent key is never left out or changed.
 * Returns undefined when neither the stream nor any descendant is selected.
 */
export function buildPlan(
  stream: StreamDefinition,
  selection: Selection,
  issues: DataIssues,
  registry?: readonly StreamDefinition[],
  adjustments: Adjustments = {},
  /** Collections leading here from the root (`actions.timeAppointments`); empty for the root. */
  path = '',
): PlanNode | undefined {
  const at = (name: string) => (path ? `${path}.${name}` : name);
  const unserved: StreamDefinition[] = [];
  const children: PlanNode[] = [];
  for (const child of childrenOf(stream, registry)) {
    const collection = (child as { collection: string }).collection;
    const node = buildPlan(child, selection, issues, registry, adjustments, at(collection));
    if (!node) continue;
    if (adjustments[at(collection)] === 'drop')
      unserved.push(
        ...planNodes(node).flatMap((inner) => [...(inner.emit ? [inner.stream] : []), ...inner.unserved]),
      );
    else children.push(node);
  }
  const fields = selection.get(stream.name);
  if (!fields && children.length === 0 && unserved.length === 0) return undefined;
  const schema = streamSchema(stream.name);
  const properties = schema.properties ?? {};
  const injected = injectedFields(stream, registry);

  const keys = new Set<string>([...stream.primaryKey, ...Object.values(stream.childContext ?? {})]);
  if (stream.kind === 'root' && stream.replicationKey) keys.add(stream.replicationKey);
  /** The adjustment of a property of this level; keys have none. */
  const adjusted = (field: string) => (keys.has(field) ? undefined : adjustmentOf(adjustments, at(field)));
  const wanted = new Set<string>([...(fields ?? []), ...keys]);
  const select = [...wanted].filter(
    (field) => !injected.has(field) && field in properties && adjusted(field) !== 'drop',
  );
  const asked: AskedProperty[] = [];
  const expand: string[] = [];
  for (const field of select) {
    const expanded = expands(properties[field], adjusted(field));
    asked.push({ path: at(field), expanded, nested: false, collection: false });
    if (expanded) expand.push(expandItem(field, properties[field], adjustments, at(field), asked));
  }
  for (const child of children) {
    const collection = (child.stream as { collection: string }).collection;
    select.push(collection);
    const whole = adjustments[at(collection)] === 'whole' || adjustments[EVERY_EXPANSION] === 'whole';
    const options = whole ? [] : [`$select=${child.select.join(',')}`];
    if (child.expand.length > 0) options.push(`$expand=${child.expand.join(',')}`);
    expand.push(options.length > 0 ? `${collection}(${options.join(';')})` : collection);
    asked.push({ path: at(collection), expanded: true, nested: options.length > 0, collection: true });
  }
  const known = new Set(
    childrenOf(stream, registry).map((child) => (child as { collection: string }).collection),
  );
  const conformer = new RecordConformer(stream.name, schema, fields ?? new Set(), issues, {
    collections: known,
    fromPrefix: injected,
    keys: stream.primaryKey,
  });
  const inherited = [...inheritedFields(stream, registry)];
  const derived = stream.kind === 'child' ? Object.entries(stream.derived ?? {}) : [];
  const handed = Object.entries(stream.childContext ?? {}).map(
    ([field, source]) => [field, (row: JsonRecord) => conformer.coerce(source, row[source])] as const,
  );
  return {
    stream,
    schema,
    emit: fields !== undefined,
    fields: fields ?? new Set(),
    select,
    expand,
    asked,
    children,
    unserved,
    conformer,
    prefix: derived.length > 0 ? compileContext(inherited, derived) : undefined,
    handOn: handed.length > 0 && children.length > 0 ? compileContext(inherited, handed) : undefined,
  };
}

/** A property adjustment (not a reader limit) at a path. */
function adjustmentOf(adjustments: Adjustments, path: string): Adjustment | undefined {
  const adjustment = adjustments[path];
  return typeof adjustment === 'string' ? adjustment : undefined;
}

/** Navigation properties are expanded, unless the account serves them as plain values. */
function expands(schema: JsonSchema | undefined, adjustment: Adjustment | undefined): boolean {
  if (adjustment === 'expand' || adjustment === 'whole') return true;
  return adjustment === undefined && isNavigation(schema);
}

/** A navigation property; nested objects inside it (a client's organization) are expanded too. */
function expandItem(
  field: string,
  schema: JsonSchema | undefined,
  adjustments: Adjustments,
  path: string,
  asked: AskedProperty[],
): string {
  const target = schema?.items ?? schema;
  const nested = Object.entries(target?.properties ?? {}).filter(([name, property]) =>
    expands(property, adjustmentOf(adjustments, `${path}.${name}`)),
  );
  if (nested.length === 0) return field;
  const items = nested.map(([name, property]) => {
    asked.push({ path: `${path}.${name}`, expanded: true, nested: false, collection: false });
    return expandItem(name, property, adjustments, `${path}.${name}`, asked);
  });
  // A nested navigation is asked inside this item: the item itself has nested options.
  for (const entry of asked) if (entry.path === path) entry.nested = true;
  return `${field}($expand=${items.join(',')})`;
}

/** Every property the plan asks for, at any level: what a 400 may name. */
export function askedProperties(node: PlanNode): AskedProperty[] {
  return planNodes(node).flatMap((inner) => inner.asked);
}

/** Every node of a plan, parents first. */
export function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...node.children.flatMap(planNodes)];
}

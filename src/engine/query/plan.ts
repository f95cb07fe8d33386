import type { JsonRecord, StreamDefinition } from '../../streams/define.js';
import { isNavigation, type JsonSchema, streamSchema } from '../../streams/schemas.js';
import { childrenOf, inheritedFields, injectedFields } from '../metadata.js';
import { type ContextBuilder, compileContext } from '../records/builder.js';
import { RecordConformer } from '../records/conformer.js';
import type { DataIssues } from '../records/data-issues.js';
import type { Selection } from '../selection.js';
import { type Adjustments, type AskedProperty, EVERY_EXPANSION } from './adjustments.js';

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
 * adjustments learned from this account. Returns undefined when neither the stream nor any
 * descendant is selected.
 */
export function buildPlan(
  stream: StreamDefinition,
  selection: Selection,
  issues: DataIssues,
  registry?: readonly StreamDefinition[],
  adjustments: Adjustments = {},
): PlanNode | undefined {
  const unserved: StreamDefinition[] = [];
  const children: PlanNode[] = [];
  for (const child of childrenOf(stream, registry)) {
    const node = buildPlan(child, selection, issues, registry, adjustments);
    if (!node) continue;
    if (adjustments[(child as { collection: string }).collection] === 'drop')
      unserved.push(...planNodes(node).flatMap((inner) => (inner.emit ? [inner.stream] : [])));
    else children.push(node);
  }
  const fields = selection.get(stream.name);
  if (!fields && children.length === 0 && unserved.length === 0) return undefined;
  const schema = streamSchema(stream.name);
  const properties = schema.properties ?? {};
  const injected = injectedFields(stream, registry);

  const wanted = new Set<string>([
    ...(fields ?? []),
    ...stream.primaryKey,
    ...Object.values(stream.childContext ?? {}),
  ]);
  if (stream.kind === 'root' && stream.replicationKey) wanted.add(stream.replicationKey);
  const select = [...wanted].filter(
    (field) => !injected.has(field) && field in properties && adjustments[field] !== 'drop',
  );
  const expand = select
    .filter((field) => expands(field, properties[field], adjustments))
    .map((field) => expandItem(field, properties[field], adjustments));
  for (const child of children) {
    const collection = (child.stream as { collection: string }).collection;
    select.push(collection);
    const whole = adjustments[collection] === 'whole' || adjustments[EVERY_EXPANSION] === 'whole';
    const options = whole ? [] : [`$select=${child.select.join(',')}`];
    if (child.expand.length > 0) options.push(`$expand=${child.expand.join(',')}`);
    expand.push(options.length > 0 ? `${collection}(${options.join(';')})` : collection);
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
    children,
    unserved,
    conformer,
    prefix: derived.length > 0 ? compileContext(inherited, derived) : undefined,
    handOn: handed.length > 0 && children.length > 0 ? compileContext(inherited, handed) : undefined,
  };
}

/** Navigation properties are expanded, unless the account serves them as plain values. */
function expands(field: string, schema: JsonSchema | undefined, adjustments: Adjustments): boolean {
  const adjustment = adjustments[field];
  if (adjustment === 'expand' || adjustment === 'whole') return true;
  return adjustment === undefined && isNavigation(schema);
}

/** A navigation property; nested objects inside it (a client's organization) are expanded too. */
function expandItem(field: string, schema: JsonSchema | undefined, adjustments: Adjustments): string {
  const target = schema?.items ?? schema;
  const nested = Object.entries(target?.properties ?? {}).filter(
    ([name, property]) => adjustments[name] === undefined && isNavigation(property),
  );
  if (nested.length === 0) return field;
  return `${field}($expand=${nested.map(([name, property]) => expandItem(name, property, adjustments)).join(',')})`;
}

/** Every property the plan asks for, at any level: what a 400 may name. */
export function askedProperties(node: PlanNode): Map<string, AskedProperty> {
  const asked = new Map<string, AskedProperty>();
  const selected = (name: string) => {
    if (!asked.has(name)) asked.set(name, { expanded: false, nested: false });
  };
  const expanded = (item: string) => {
    const { name, select, expand } = parseExpandItem(item);
    const nested = select.length > 0 || expand.length > 0 || asked.get(name)?.nested === true;
    asked.set(name, { expanded: true, nested });
    select.forEach(selected);
    expand.forEach(expanded);
  };
  node.select.forEach(selected);
  node.expand.forEach(expanded);
  return asked;
}

/** `name($select=a,b;$expand=c($select=d),e)` → its name and nested option lists. */
function parseExpandItem(item: string): { name: string; select: string[]; expand: string[] } {
  const open = item.indexOf('(');
  if (open < 0) return { name: item, select: [], expand: [] };
  const result = { name: item.slice(0, open), select: [] as string[], expand: [] as string[] };
  for (const option of splitTopLevel(item.slice(open + 1, -1), ';')) {
    const equals = option.indexOf('=');
    const values = splitTopLevel(option.slice(equals + 1), ',');
    if (option.startsWith('$select=')) result.select.push(...values);
    if (option.startsWith('$expand=')) result.expand.push(...values);
  }
  return result;
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === separator && depth === 0) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.filter((part) => part !== '');
}

/** Every node of a plan, parents first. */
export function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...node.children.flatMap(planNodes)];
}

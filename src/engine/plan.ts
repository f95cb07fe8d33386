import type { Logger } from '../logger.js';
import type { JsonRecord, StreamDefinition } from '../streams/define.js';
import { isNavigation, type JsonSchema, streamSchema } from '../streams/schemas.js';
import { childrenOf, inheritedFields, injectedFields } from './metadata.js';
import { type ContextBuilder, compileContext } from './record-builder.js';
import { RecordConformer } from './records.js';
import type { Selection } from './selection.js';

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
  conformer: RecordConformer;
  /** The keys this stream's records get ahead of their own fields: inherited plus derived ones. */
  prefix?: ContextBuilder;
  /** The context this stream's rows hand to their children: inherited keys plus `childContext`. */
  handOn?: ContextBuilder;
}

/**
 * The read plan of a root stream: which children are active and what to ask the API for. Returns
 * undefined when neither the stream nor any descendant is selected.
 */
export function buildPlan(
  stream: StreamDefinition,
  selection: Selection,
  logger: Logger,
  registry?: readonly StreamDefinition[],
  /** API properties this account does not serve (learned from a 400); never asked for again. */
  unsupported: ReadonlySet<string> = new Set(),
): PlanNode | undefined {
  const children = childrenOf(stream, registry)
    .map((child) => buildPlan(child, selection, logger, registry, unsupported))
    .filter((node): node is PlanNode => node !== undefined);
  const fields = selection.get(stream.name);
  if (!fields && children.length === 0) return undefined;
  const schema = streamSchema(stream.name);
  const properties = schema.properties ?? {};
  const injected = injectedFields(stream, registry);

  const wanted = new Set<string>([
    ...[...(fields ?? [])].filter((field) => !unsupported.has(field)),
    ...stream.primaryKey,
    ...Object.values(stream.childContext ?? {}),
  ]);
  if (stream.kind === 'root' && stream.replicationKey) wanted.add(stream.replicationKey);
  const select = [...wanted].filter((field) => !injected.has(field) && field in properties);
  const expand = select
    .filter((field) => isNavigation(properties[field]))
    .map((field) => expandItem(field, properties[field]));
  for (const child of children) {
    const collection = (child.stream as { collection: string }).collection;
    select.push(collection);
    const options = [`$select=${child.select.join(',')}`];
    if (child.expand.length > 0) options.push(`$expand=${child.expand.join(',')}`);
    expand.push(`${collection}(${options.join(';')})`);
  }
  const known = new Set(
    childrenOf(stream, registry).map((child) => (child as { collection: string }).collection),
  );
  const conformer = new RecordConformer(stream.name, schema, fields ?? new Set(), logger, known, injected);
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
    conformer,
    prefix: derived.length > 0 ? compileContext(inherited, derived) : undefined,
    handOn: handed.length > 0 && children.length > 0 ? compileContext(inherited, handed) : undefined,
  };
}

/** A navigation property; nested objects inside it (a client's organization) are expanded too. */
function expandItem(field: string, schema: JsonSchema | undefined): string {
  const target = schema?.items ?? schema;
  const nested = Object.entries(target?.properties ?? {}).filter(([, property]) => isNavigation(property));
  if (nested.length === 0) return field;
  return `${field}($expand=${nested.map(([name, property]) => expandItem(name, property)).join(',')})`;
}

/** Every node of a plan, parents first. */
export function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...node.children.flatMap(planNodes)];
}

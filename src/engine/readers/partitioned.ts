import { ApiDataError } from '../../errors.js';
import type { JsonRecord, PartitionedSource } from '../../streams/define.js';
import { readPages } from './index.js';
import { describeValue, type Page, type ReadContext } from './types.js';

/**
 * One request per partition (a row of another stream, e.g. one hour contract). The partitions are
 * listed first, asking only for the fields the requests need; they are few (contracts), so they are
 * held in memory and walked in key order, which makes the position resumable.
 */
export async function* readPartitioned(source: PartitionedSource, ctx: ReadContext): AsyncGenerator<Page> {
  const owner = ctx.registry.find((stream) => stream.name === source.partitions.stream);
  if (owner?.kind !== 'root')
    throw new Error(`partition stream ${source.partitions.stream} is not a root stream`);
  const ownerKeys = owner.source.type === 'odata-keyset' ? [owner.source.keyField] : [];
  const partitions = new Map<string, JsonRecord>();
  const listing: ReadContext = {
    ...ctx,
    resume: undefined,
    window: { end: ctx.window.end },
    windowed: false,
    // The owner's own key is needed too: its reader pages by it.
    query: () => ({
      select: [...new Set([...ownerKeys, source.partitions.key, ...source.partitions.fields])],
      expand: [],
    }),
    onBadRequest: undefined,
  };
  const add = (row: JsonRecord) => {
    const key = row[source.partitions.key];
    if (typeof key === 'string' || typeof key === 'number') partitions.set(String(key), row);
  };
  const cached = ctx.partitions?.get(owner.name);
  if (cached) cached.forEach(add);
  else for await (const page of readPages(owner, listing)) page.rows.forEach(add);
  const keys = [...partitions.keys()].sort();
  const resumeAfter = ctx.resume?.partition;
  const todo = resumeAfter === undefined ? keys : keys.filter((key) => key > resumeAfter);
  if (todo.length === 0) {
    yield { rows: [], next: undefined, label: `${source.path}: no ${source.partitions.stream}` };
    return;
  }
  for (const [index, key] of todo.entries()) {
    const body = await ctx.client.get(
      source.path,
      source.params(partitions.get(key) as JsonRecord, ctx.window),
    );
    const rows = Array.isArray(body) ? body : body && typeof body === 'object' ? [body] : undefined;
    if (!rows || rows.some((row) => row === null || typeof row !== 'object' || Array.isArray(row))) {
      throw new ApiDataError(
        `Movidesk answered GET ${source.path} for ${source.partitions.key} ${JSON.stringify(key)} with ${describeValue(body)}`,
      );
    }
    const last = index === todo.length - 1;
    yield {
      rows: rows as JsonRecord[],
      next: last ? undefined : { partition: key },
      label: `${source.path} for ${JSON.stringify(key)}`,
    };
  }
}

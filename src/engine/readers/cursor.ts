import { ApiDataError } from '../../errors.js';
import type { CursorSource, JsonRecord } from '../../streams/define.js';
import { odataDateLiteral } from '../records/datetime.js';
import { describeValue, type Page, type ReadContext } from './types.js';

/**
 * Reads a `{hasMore, items}` cursor endpoint with `limit` and `startingAfter=<last id>`. Stops when
 * `hasMore` is false or a page is empty; a bare array is the whole answer.
 */
export async function* readCursor(source: CursorSource, ctx: ReadContext): AsyncGenerator<Page> {
  let after = ctx.resume?.after ?? null;
  for (;;) {
    const params: Record<string, string | number | undefined> = {
      limit: Math.min(source.limit, ctx.pageSize),
      startingAfter: after === null ? undefined : String(after),
    };
    if (source.window && ctx.windowed) {
      if (ctx.window.start !== undefined)
        params[source.window.sinceParam] = odataDateLiteral(ctx.window.start);
      if (source.window.untilParam) params[source.window.untilParam] = odataDateLiteral(ctx.window.end);
    }
    const body = await ctx.client.get(source.path, params);
    if (Array.isArray(body)) {
      yield { rows: checkRows(body, source), next: undefined, label: `${source.path} (${body.length} rows)` };
      return;
    }
    if (body === null || typeof body !== 'object' || !Array.isArray((body as { items?: unknown }).items)) {
      throw new ApiDataError(
        `Movidesk answered GET ${source.path} with ${describeValue(body)} instead of {hasMore, items}`,
      );
    }
    const { items, hasMore } = body as { items: unknown[]; hasMore?: unknown };
    const rows = checkRows(items, source);
    const last = rows.at(-1)?.[source.keyField] as string | number | undefined;
    if (rows.length === 0 || hasMore !== true || last === undefined || last === after) {
      yield { rows, next: undefined, label: `${source.path} done` };
      return;
    }
    yield { rows, next: { after: last }, label: `${source.path} after ${source.keyField} ${last}` };
    after = last;
  }
}

function checkRows(items: unknown[], source: CursorSource): JsonRecord[] {
  for (const item of items) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new ApiDataError(
        `Movidesk answered GET ${source.path} with an item that is ${describeValue(item)}, expected an object`,
      );
    }
    const key = (item as JsonRecord)[source.keyField];
    if (typeof key !== 'string' && typeof key !== 'number') {
      throw new ApiDataError(
        `Movidesk answered GET ${source.path} with an item whose ${source.keyField} is ${JSON.stringify(key)}`,
      );
    }
  }
  return items as JsonRecord[];
}

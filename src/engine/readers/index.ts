import type { RootStream } from '../../streams/define.js';
import { readCursor } from './cursor.js';
import { readDateWindows } from './date-windows.js';
import { readKeyset } from './keyset.js';
import { readPartitioned } from './partitioned.js';
import type { Page, ReadContext } from './types.js';

/** Pages of a root stream, by the strategy its declaration names. */
export function readPages(stream: RootStream, ctx: ReadContext): AsyncGenerator<Page> {
  const { source } = stream;
  switch (source.type) {
    case 'odata-keyset':
      return readKeyset(source, ctx);
    case 'cursor':
      return readCursor(source, ctx);
    case 'partitioned':
      return readPartitioned(source, ctx);
    case 'date-windows':
      return readDateWindows(source, ctx);
  }
}

export type { Page, PartitionCache, Position, ReadContext } from './types.js';

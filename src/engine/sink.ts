import type { JsonRecord } from '../streams/define.js';
import type { JsonSchema } from '../streams/schemas.js';
import type { StreamFailure } from './failures.js';

export interface StreamSchemaMessage {
  stream: string;
  schema: JsonSchema;
  keyProperties: string[];
  bookmarkProperties: string[];
}

/**
 * What the engine produces, independent of the wire protocol. Adapters (Singer, Airbyte) turn these
 * into messages. `flush` is awaited after every checkpoint so a slow consumer slows the tap down
 * instead of filling memory.
 */
export interface Sink {
  schema(message: StreamSchemaMessage): void;
  /** `version` is set for FULL_TABLE streams (see activateVersion). */
  record(stream: string, record: JsonRecord, extractedAt: string, version?: number): void;
  /** Everything of `stream` not carrying `version` is gone from the source. */
  activateVersion?(stream: string, version: number): void;
  state(value: unknown, stream: string): void;
  streamStatus?(stream: string, status: 'STARTED' | 'RUNNING' | 'COMPLETE' | 'INCOMPLETE'): void;
  /** A stream tree did not complete; the run goes on with the others. */
  streamFailed?(failure: StreamFailure): void;
  flush(): Promise<void>;
}

import type { Sink, StreamSchemaMessage } from '../engine/sink.js';
import type { JsonRecord } from '../streams/define.js';
import type { ProtocolOutput } from './output.js';

/** Singer messages (SCHEMA, RECORD, STATE), one JSON object per line on stdout. */
export class SingerSink implements Sink {
  constructor(private readonly output: ProtocolOutput) {}

  schema(message: StreamSchemaMessage): void {
    this.output.line({
      type: 'SCHEMA',
      stream: message.stream,
      schema: message.schema,
      key_properties: message.keyProperties,
      bookmark_properties: message.bookmarkProperties,
    });
  }

  record(stream: string, record: JsonRecord, extractedAt: string, version?: number): void {
    this.output.line(
      version === undefined
        ? { type: 'RECORD', stream, record, time_extracted: extractedAt }
        : { type: 'RECORD', stream, record, version, time_extracted: extractedAt },
    );
  }

  activateVersion(stream: string, version: number): void {
    this.output.line({ type: 'ACTIVATE_VERSION', stream, version });
  }

  state(value: unknown): void {
    this.output.line({ type: 'STATE', value });
  }

  flush(): Promise<void> {
    return this.output.flush();
  }
}

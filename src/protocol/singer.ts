import type { Sink, StreamSchemaMessage } from '../engine/sink.js';
import type { JsonRecord } from '../streams/define.js';
import type { ProtocolOutput } from './output.js';

/** Singer messages (SCHEMA, RECORD, STATE), one JSON object per line on stdout. */
export class SingerSink implements Sink {
  private readonly heads = new Map<string, string>();

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
    // Built as text around the record: the envelope is the same for every record of a stream.
    let head = this.heads.get(stream);
    if (head === undefined) {
      head = `{"type":"RECORD","stream":${JSON.stringify(stream)},"record":`;
      this.heads.set(stream, head);
    }
    const tail = version === undefined ? '' : `,"version":${version}`;
    this.output.raw(
      `${head}${JSON.stringify(record)}${tail},"time_extracted":${JSON.stringify(extractedAt)}}`,
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

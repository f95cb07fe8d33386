import type { Sink, StreamSchemaMessage } from '../engine/sink.js';
import type { JsonRecord } from '../streams/define.js';
import type { ProtocolOutput } from './output.js';

/** Singer messages (SCHEMA, RECORD, STATE), one JSON object per line on stdout. */
export class SingerSink implements Sink {
  private readonly heads = new Map<string, Buffer>();
  private tail: { extractedAt?: string; version?: number; bytes: Buffer } = { bytes: Buffer.alloc(0) };

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
    // The envelope around the record is the same for every record of a stream and page: it is
    // encoded once and framed around each record's JSON.
    let head = this.heads.get(stream);
    if (head === undefined) {
      head = Buffer.from(`{"type":"RECORD","stream":${JSON.stringify(stream)},"record":`);
      this.heads.set(stream, head);
    }
    if (extractedAt !== this.tail.extractedAt || version !== this.tail.version) {
      const text = `${version === undefined ? '' : `,"version":${version}`},"time_extracted":${JSON.stringify(extractedAt)}}`;
      this.tail = { extractedAt, version, bytes: Buffer.from(text) };
    }
    this.output.framed(head, JSON.stringify(record), this.tail.bytes);
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

import type { StreamFailure } from '../../engine/failures.js';
import type { Sink, StreamSchemaMessage } from '../../engine/sink.js';
import type { TapState } from '../../engine/state.js';
import type { JsonRecord } from '../../streams/define.js';
import type { ProtocolOutput } from '../output.js';
import * as message from './messages.js';

/** A configured stream and the root stream whose bookmark it shares. */
export interface ConfiguredStream {
  name: string;
  root: string;
  cursorField?: string;
}

/**
 * Airbyte messages from engine events. Airbyte wants one STATE per configured stream: every stream of a
 * parent/child tree gets the root's bookmark (under `bookmark`, and its cursor value under the cursor
 * field name, where the acceptance tests look for it), so a child configured alone still resumes.
 * `sourceStats.recordCount` counts the stream's records since its previous STATE.
 */
export class AirbyteSink implements Sink {
  private readonly sinceState = new Map<string, number>();
  private readonly running = new Set<string>();
  readonly open = new Set<string>();

  constructor(
    private readonly output: ProtocolOutput,
    private readonly configured: ReadonlyMap<string, ConfiguredStream>,
    /** Error traces bypass the logger: they are redacted here. */
    private readonly redact: (text: string) => string = (text) => text,
  ) {}

  schema(_message: StreamSchemaMessage): void {
    // Airbyte has no SCHEMA message: the configured catalog carries the schemas.
  }

  record(stream: string, record: JsonRecord, extractedAt: string): void {
    if (!this.configured.has(stream)) return;
    this.output.line(message.record(stream, record, Date.parse(extractedAt)));
    this.sinceState.set(stream, (this.sinceState.get(stream) ?? 0) + 1);
  }

  state(value: unknown, root: string): void {
    const bookmark = (value as TapState).bookmarks[root] ?? {};
    for (const stream of this.configured.values()) {
      if (stream.root !== root || !this.open.has(stream.name)) continue;
      if (!this.running.has(stream.name)) {
        this.running.add(stream.name);
        this.output.line(message.streamStatus(stream.name, 'RUNNING'));
      }
      const state: Record<string, unknown> = { bookmark };
      // Airbyte keeps state per stream: the root's learned query adjustments travel with each.
      const adjustments = (value as TapState).query_adjustments?.[root];
      if (adjustments) state.query_adjustments = adjustments;
      if (stream.cursorField && typeof bookmark.replication_key_value === 'string')
        state[stream.cursorField] = bookmark.replication_key_value;
      this.output.line(message.streamState(stream.name, state, this.sinceState.get(stream.name) ?? 0));
      this.sinceState.set(stream.name, 0);
    }
  }

  streamStatus(stream: string, status: message.StreamStatus): void {
    if (!this.configured.has(stream)) return;
    if (status === 'STARTED') this.open.add(stream);
    if (status === 'COMPLETE' || status === 'INCOMPLETE') this.open.delete(stream);
    this.output.line(message.streamStatus(stream, status));
  }

  /** As the Airbyte CDK does: INCOMPLETE, then an error trace naming the stream. */
  streamFailed(failure: StreamFailure): void {
    for (const stream of failure.streams) {
      if (!this.configured.has(stream)) continue;
      this.open.delete(stream);
      this.output.line(message.streamStatus(stream, 'INCOMPLETE'));
      this.output.line(
        message.errorTrace(
          this.redact(
            `${stream} ${failure.kind === 'skipped' ? 'skipped' : 'failed'}: ${failure.reason}; ${failure.fix}`,
          ),
          failure.failureType,
          undefined,
          undefined,
          stream,
        ),
      );
    }
  }

  flush(): Promise<void> {
    return this.output.flush();
  }
}

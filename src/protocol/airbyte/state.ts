import { parseState, type StreamBookmark, type TapState } from '../../engine/state.js';
import { StateError } from '../../errors.js';
import { isObject } from '../../json.js';
import type { ConfiguredStream } from './sink.js';

/**
 * Airbyte state: an array of STREAM states (each carrying its root's `bookmark`), a single STATE
 * message, or the legacy object (`{"bookmarks": ...}` or `{"data": {...}}`). Returns the engine's state.
 */
export function readAirbyteState(
  raw: unknown,
  source: string,
  now: number,
  configured: ReadonlyMap<string, ConfiguredStream>,
): TapState {
  const messages = Array.isArray(raw)
    ? raw
    : isObject(raw) && (raw.type === 'STREAM' || raw.type === 'STATE')
      ? [raw]
      : undefined;
  if (!messages) {
    const legacy = isObject(raw) && isObject(raw.data) ? raw.data : raw;
    return parseState(legacy, source, now);
  }
  const bookmarks: Record<string, StreamBookmark> = {};
  const adjustments: Record<string, unknown> = {};
  for (const [index, item] of messages.entries()) {
    const state = isObject(item) && isObject(item.state) ? item.state : item;
    if (!isObject(state)) throw new StateError(`${source}: entry ${index} is not a state message`);
    if (state.type === 'GLOBAL' || state.type === 'LEGACY') {
      throw new StateError(
        `${source}: entry ${index} is a ${String(state.type)} state; source-movidesk writes STREAM states`,
      );
    }
    const stream = isObject(state.stream) ? state.stream : undefined;
    const name = isObject(stream?.stream_descriptor) ? stream.stream_descriptor.name : undefined;
    if (typeof name !== 'string')
      throw new StateError(`${source}: entry ${index} has no stream.stream_descriptor.name`);
    const streamState = stream?.stream_state;
    if (streamState === null || streamState === undefined) continue;
    if (!isObject(streamState) || !isObject(streamState.bookmark)) {
      throw new StateError(
        `${source}: state of stream "${name}" has no "bookmark" object; pass the states source-movidesk emitted`,
      );
    }
    const root = configured.get(name)?.root ?? name;
    // A root's own state wins over the copies its children carry.
    if (!bookmarks[root] || root === name) {
      bookmarks[root] = streamState.bookmark as StreamBookmark;
      if (streamState.query_adjustments !== undefined) adjustments[root] = streamState.query_adjustments;
    }
  }
  return parseState(
    Object.keys(adjustments).length > 0 ? { bookmarks, query_adjustments: adjustments } : { bookmarks },
    source,
    now,
  );
}

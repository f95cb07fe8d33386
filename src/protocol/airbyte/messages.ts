/** Airbyte protocol message builders (https://docs.airbyte.com/understanding-airbyte/airbyte-protocol). */

export type FailureType = 'system_error' | 'config_error' | 'transient_error';
export type StreamStatus = 'STARTED' | 'RUNNING' | 'COMPLETE' | 'INCOMPLETE';
export type AirbyteLogLevel = 'FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';

export const record = (stream: string, data: Record<string, unknown>, emittedAt: number) => ({
  type: 'RECORD',
  record: { stream, data, emitted_at: emittedAt },
});

export const streamState = (stream: string, state: Record<string, unknown> | null, recordCount: number) => ({
  type: 'STATE',
  state: {
    type: 'STREAM',
    stream: { stream_descriptor: { name: stream }, stream_state: state },
    sourceStats: { recordCount },
  },
});

export const log = (level: AirbyteLogLevel, message: string) => ({ type: 'LOG', log: { level, message } });

export const streamStatus = (stream: string, status: StreamStatus) => ({
  type: 'TRACE',
  trace: {
    type: 'STREAM_STATUS',
    emitted_at: Date.now(),
    stream_status: { stream_descriptor: { name: stream }, status },
  },
});

export const errorTrace = (
  message: string,
  failureType: FailureType,
  internal?: string,
  stack?: string,
  stream?: string,
) => ({
  type: 'TRACE',
  trace: {
    type: 'ERROR',
    emitted_at: Date.now(),
    error: {
      message,
      failure_type: failureType,
      ...(internal ? { internal_message: internal } : {}),
      ...(stack ? { stack_trace: stack } : {}),
      ...(stream ? { stream_descriptor: { name: stream } } : {}),
    },
  },
});

export const connectionStatus = (status: 'SUCCEEDED' | 'FAILED', message?: string) => ({
  type: 'CONNECTION_STATUS',
  connectionStatus: { status, ...(message ? { message } : {}) },
});

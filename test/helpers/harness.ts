import { Writable } from 'node:stream';
import type { Sink, StreamSchemaMessage } from '../../src/engine/sink.js';
import { MovideskClient } from '../../src/http/client.js';
import { Logger, type LogLevel } from '../../src/logger.js';
import { Redactor } from '../../src/redact.js';
import type { JsonRecord } from '../../src/streams/define.js';

export interface Collected {
  schemas: StreamSchemaMessage[];
  records: { stream: string; record: JsonRecord }[];
  states: unknown[];
  /** Messages in emission order, to check that STATE follows its page's records. */
  order: ('SCHEMA' | 'RECORD' | 'STATE')[];
}

export function collectingSink(): { sink: Sink; out: Collected } {
  const out: Collected = { schemas: [], records: [], states: [], order: [] };
  const sink: Sink = {
    schema: (message) => {
      out.schemas.push(message);
      out.order.push('SCHEMA');
    },
    record: (stream, record) => {
      // As a target sees it: through JSON (a field the API did not send is absent, not undefined).
      out.records.push({ stream, record: JSON.parse(JSON.stringify(record)) });
      out.order.push('RECORD');
    },
    state: (value) => {
      out.states.push(structuredClone(value));
      out.order.push('STATE');
    },
    flush: async () => undefined,
  };
  return { sink, out };
}

export function captureLogger(level: LogLevel = 'debug', redactor = new Redactor()) {
  const lines: string[] = [];
  const logger = new Logger(level, redactor, (lvl, line) => lines.push(`${lvl} ${line}`));
  return { logger, lines, redactor };
}

export function testClient(
  baseUrl: string,
  token: string,
  logger: Logger,
  redactor: Redactor,
  extra: Partial<ConstructorParameters<typeof MovideskClient>[0]> = {},
) {
  return new MovideskClient({
    baseUrl,
    token,
    requestsPerMinute: 1000,
    timeoutMs: 5_000,
    logger,
    redactor,
    timeScale: 0.001,
    backoffBaseMs: 10,
    ...extra,
  });
}

/** A Writable that keeps everything written to it. */
export function memoryStream(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

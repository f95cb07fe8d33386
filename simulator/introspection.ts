/**
 * Out-of-process control, outside the API path: GET /__simulator/stats, GET /__simulator/truth?entity=…,
 * GET|POST /__simulator/options, POST /__simulator/churn?n=…, POST /__simulator/reset-stats.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChurnChange } from './churn.js';
import type { GroundTruth } from './data/store.js';
import type { SimulatorOptions, SimulatorOptionsPatch } from './options.js';
import type { SimulatorStats, StatsRecorder } from './stats.js';

export interface Introspection {
  stats: StatsRecorder;
  churn: (n: number) => ChurnChange[];
  truth: () => GroundTruth;
  setOptions: (patch: SimulatorOptionsPatch) => void;
  getOptions: () => SimulatorOptions;
}

const ENTITIES = [
  'tickets',
  'ticketIndex',
  'persons',
  'services',
  'activities',
  'surveyQuestions',
  'surveyResponses',
  'timeAgreements',
  'consumptions',
  'ticketMerges',
] as const;

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Streams a large array item by item, honouring backpressure. */
async function streamArray(res: ServerResponse, items: Iterable<unknown>): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
  res.write('[');
  let first = true;
  for (const item of items) {
    if (res.destroyed) return;
    if (!res.write(`${first ? '' : ','}${JSON.stringify(item)}`)) {
      await new Promise((resolve) => res.once('drain', resolve));
    }
    first = false;
  }
  res.end(']');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function handleIntrospection(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctl: Introspection,
): Promise<void> {
  const action = url.pathname.slice('/__simulator/'.length);
  const method = req.method ?? 'GET';
  if (action === 'stats' && method === 'GET')
    return reply(res, 200, ctl.stats.snapshot() satisfies SimulatorStats);
  if (action === 'reset-stats' && method === 'POST') {
    ctl.stats.reset();
    return reply(res, 200, { ok: true });
  }
  if (action === 'churn' && method === 'POST') {
    const n = Number(url.searchParams.get('n') ?? '1');
    if (!Number.isInteger(n) || n < 0)
      return reply(res, 400, { Message: 'n must be a non-negative integer' });
    return reply(res, 200, { changes: ctl.churn(n) });
  }
  if (action === 'options' && method === 'GET') return reply(res, 200, ctl.getOptions());
  if (action === 'options' && method === 'POST') {
    try {
      ctl.setOptions(JSON.parse(await readBody(req)) as SimulatorOptionsPatch);
    } catch {
      return reply(res, 400, { Message: 'Body must be a JSON options patch' });
    }
    return reply(res, 200, ctl.getOptions());
  }
  if (action === 'truth' && method === 'GET') {
    const entity = url.searchParams.get('entity') as (typeof ENTITIES)[number] | null;
    if (!entity || !ENTITIES.includes(entity)) {
      return reply(res, 400, { Message: `entity must be one of ${ENTITIES.join(', ')}` });
    }
    const truth = ctl.truth();
    const id = url.searchParams.get('id');
    if (entity === 'tickets') {
      if (id === null) return streamArray(res, truth.eachTicket());
      const ticket = truth.ticket(Number(id));
      return ticket ? reply(res, 200, ticket) : reply(res, 404, { Message: 'not found' });
    }
    return streamArray(res, truth[entity]);
  }
  return reply(res, 404, { Message: `Unknown simulator endpoint ${method} ${url.pathname}` });
}

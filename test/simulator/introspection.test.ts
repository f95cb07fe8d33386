import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionsFromArgs } from '../../simulator/cli.js';
import { SURVEY_QUESTIONS } from '../../simulator/data/catalog.js';
import type { Simulator, SimulatorStats, Ticket } from '../../simulator/index.js';
import { get, startUnlimited } from './helpers.js';

let sim: Simulator;
let base: string;
beforeAll(async () => {
  sim = await startUnlimited({ seed: 8, tickets: 300 });
  base = `http://127.0.0.1:${sim.port}`;
});
afterAll(() => sim.close());

describe('stats', () => {
  it('counts requests per route and status and logs them with the token redacted', async () => {
    sim.resetStats();
    await get(sim, '/tickets', { $select: 'id' });
    await get(sim, '/tickets', {});
    await get(sim, '/persons', { $top: 1 }, 'wrong');
    const stats = sim.stats();
    expect(stats.totalRequests).toBe(3);
    expect(stats.byRoute).toEqual({ '/tickets': 2, '/persons': 1 });
    expect(stats.byStatus).toEqual({ '200': 1, '400': 1, '401': 1 });
    expect(stats.recent.map((r) => r.status)).toEqual([200, 400, 401]);
    expect(JSON.stringify(stats)).not.toContain(sim.token);
    expect(stats.recent[0]?.query).toContain('token=***');
    expect(stats.recent[0]?.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const http = (await (await fetch(`${base}/__simulator/stats`)).json()) as SimulatorStats;
    expect(http.totalRequests).toBe(3);
    await fetch(`${base}/__simulator/reset-stats`, { method: 'POST' });
    expect(sim.stats().totalRequests).toBe(0);
  });
});

describe('truth', () => {
  it('exposes the full data in-process and over HTTP', async () => {
    const truth = sim.truth();
    expect(truth.tickets).toHaveLength(300);
    // max(50, tickets / 5) persons; one contract per 40 persons, at least 5; the fixed question catalog.
    expect(truth.persons).toHaveLength(60);
    expect(truth.timeAgreements).toHaveLength(5);
    expect(truth.surveyQuestions).toEqual(SURVEY_QUESTIONS);
    const tickets = (await (await fetch(`${base}/__simulator/truth?entity=tickets`)).json()) as Ticket[];
    expect(tickets).toEqual(truth.tickets);
    const one = (await (
      await fetch(`${base}/__simulator/truth?entity=tickets&id=${truth.tickets[5]?.id}`)
    ).json()) as Ticket;
    expect(one).toEqual(truth.tickets[5]);
    const persons = await (await fetch(`${base}/__simulator/truth?entity=persons`)).json();
    expect(persons).toEqual(truth.persons);
    expect((await fetch(`${base}/__simulator/truth?entity=nope`)).status).toBe(400);
  });

  it('lets options change over HTTP', async () => {
    const res = await fetch(`${base}/__simulator/options`, {
      method: 'POST',
      body: JSON.stringify({ maxTop: 10 }),
    });
    expect(((await res.json()) as { maxTop: number }).maxTop).toBe(10);
    expect((await get<unknown[]>(sim, '/tickets/past', { $select: 'id' })).body).toHaveLength(10);
    sim.setOptions({ maxTop: 100 });
  });

  it('answers unknown paths with 404', async () => {
    expect((await get(sim, '/nothing-here')).status).toBe(404);
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  });
});

describe('CLI', () => {
  it('maps flags to options', () => {
    const o = optionsFromArgs([
      '--port',
      '0',
      '--seed',
      '3',
      '--tickets',
      '50',
      '--time-scale',
      '0.1',
      '--no-rate-limit',
      '--max-top',
      '50',
      '--heavy-query',
      '--heavy-budget',
      '300',
      '--faults',
      '0.1',
      '--churn',
      '--persons',
      '60',
      '--lenient-expand',
    ]);
    expect(o).toMatchObject({
      port: 0,
      seed: 3,
      tickets: 50,
      persons: 60,
      timeScale: 0.1,
      maxTop: 50,
      rateLimit: { enabled: false },
      heavyQuery: { enabled: true, budget: 300 },
      faults: { error5xxRate: 0.05, slowRate: 0.1, dropRate: 0.025, burst429Rate: 0.025 },
      churn: { enabled: true },
      quirks: { expandRequiresSelect: false },
    });
    expect(() => optionsFromArgs(['--bogus'])).toThrow();
  });

  it('prints the base URL and token, serves, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'simulator/cli.ts', '--port', '0', '--tickets', '60', '--seed', '2'],
      {
        cwd: `${import.meta.dirname}/../..`,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
    const line = chunk.toString();
    const m = /^Movidesk simulator on (http:\/\/127\.0\.0\.1:\d+\/public\/v1) token=(\S+)\n$/.exec(line);
    expect(m).not.toBeNull();
    const res = await fetch(`${m?.[1]}/tickets/past?token=${m?.[2]}&$select=id&$top=2`);
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroundTruth, Simulator, SurveyResponse } from '../../simulator/index.js';
import { get, STAMP_7, startUnlimited } from './helpers.js';

interface Page<T> {
  hasMore: boolean;
  items: T[];
}

let sim: Simulator;
let truth: GroundTruth;
beforeAll(async () => {
  sim = await startUnlimited({ seed: 2, tickets: 1500 });
  truth = sim.truth();
});
afterAll(() => sim.close());

async function walk<T extends { id: string | number }>(
  path: string,
  params: Record<string, string | number> = {},
): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  for (;;) {
    const r = await get<Page<T>>(sim, path, { ...params, ...(after ? { startingAfter: after } : {}) });
    expect(r.status).toBe(200);
    out.push(...r.body.items);
    if (!r.body.hasMore || r.body.items.length === 0) return out;
    after = String(r.body.items[r.body.items.length - 1]?.id);
  }
}

describe('/survey/responses', () => {
  it('pages with limit/startingAfter through every response in creation order', async () => {
    expect(truth.surveyResponses.length).toBeGreaterThan(100);
    const all = await walk<SurveyResponse>('/survey/responses', { limit: 37 });
    expect(all).toEqual(truth.surveyResponses);
    expect(all[0]?.responseDate).toMatch(STAMP_7);
    expect(all[0]?.id).toMatch(/^[0-9A-Za-z]{4}$/);
  });

  it('defaults to 100 items and rejects a limit over 100', async () => {
    const r = await get<Page<SurveyResponse>>(sim, '/survey/responses');
    expect(r.body.items).toHaveLength(100);
    expect(r.body.hasMore).toBe(true);
    expect((await get(sim, '/survey/responses', { limit: 101 })).status).toBe(400);
    expect((await get(sim, '/survey/responses', { limit: 0 })).status).toBe(400);
  });

  it('filters by responseDateGreaterThan/LessThan, both exclusive', async () => {
    const pivot = truth.surveyResponses[50];
    const later = truth.surveyResponses[60];
    if (!pivot || !later) throw new Error('fixture');
    const r = await walk<SurveyResponse>('/survey/responses', {
      responseDateGreaterThan: pivot.responseDate,
      responseDateLessThan: later.responseDate,
    });
    const norm = (s: string) => s.padEnd(27, '0');
    const expected = truth.surveyResponses.filter(
      (x) =>
        norm(x.responseDate) > norm(pivot.responseDate) && norm(x.responseDate) < norm(later.responseDate),
    );
    expect(r.map((x) => x.id)).toEqual(expected.map((x) => x.id));
    expect(r.some((x) => x.id === pivot.id || x.id === later.id)).toBe(false);
    expect((await get(sim, '/survey/responses', { responseDateGreaterThan: 'yesterday' })).status).toBe(400);
  });

  it('appends new responses at the end', async () => {
    const before = truth.surveyResponses.length;
    const last = truth.surveyResponses[before - 1];
    for (let i = 0; i < 60; i++) sim.churn(1);
    const added = sim.truth().surveyResponses.slice(before);
    expect(added.length).toBeGreaterThan(0);
    const page = await walk<SurveyResponse>('/survey/responses', { startingAfter: String(last?.id) });
    expect(page).toEqual(added);
  });
});

describe('/survey/questions and /activity', () => {
  it('returns questions as a bare array with languages', async () => {
    const r = await get<{ id: string; type: number; languages: { cultureId: string }[] }[]>(
      sim,
      '/survey/questions',
    );
    expect(Array.isArray(r.body)).toBe(true);
    expect(r.body[0]?.languages.some((l) => l.cultureId === 'pt-BR')).toBe(true);
    const nps = await get<{ type: number }[]>(sim, '/survey/questions', { type: 3 });
    expect(nps.body.every((q) => q.type === 3)).toBe(true);
  });

  it('pages activities with the cursor envelope and serves single gets', async () => {
    const all = await walk<{ id: number; name: string }>('/activity', { limit: 5 });
    expect(all).toEqual(truth.activities);
    const one = truth.activities[3];
    expect((await get(sim, '/activity', { id: String(one?.id) })).body).toEqual(one);
    expect((await get(sim, '/activity', { limit: 1000 })).status).toBe(400);
  });
});

describe('cursor errors', () => {
  it('rejects an unknown startingAfter id', async () => {
    expect((await get(sim, '/survey/responses', { startingAfter: 'nope' })).status).toBe(400);
    expect((await get(sim, '/activity', { startingAfter: '999999' })).status).toBe(400);
  });
});

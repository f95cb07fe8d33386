import { describe, expect, it } from 'vitest';
import { parseState, StateManager } from '../../src/engine/state.js';
import { StateError } from '../../src/errors.js';

const NOW = Date.parse('2026-11-21T00:00:00Z');

describe('parseState', () => {
  it('accepts the tap state, a whole STATE message, Meltano singer_state and the legacy bookmark form', () => {
    const value = {
      bookmarks: {
        tickets: { replication_key: 'lastUpdate', replication_key_value: '2026-01-01T00:00:00Z' },
      },
    };
    expect(parseState(value, 's', NOW)).toEqual(value);
    expect(parseState({ type: 'STATE', value }, 's', NOW)).toEqual(value);
    expect(parseState({ singer_state: value }, 's', NOW)).toEqual(value);
    expect(
      parseState({ bookmarks: { tickets: { lastUpdate: '2026-01-01T00:00:00Z' } } }, 's', NOW).bookmarks
        .tickets,
    ).toMatchObject(value.bookmarks.tickets);
    expect(parseState({}, 's', NOW)).toEqual({ bookmarks: {} });
  });

  it.each([
    [[], /is not a state object/],
    [{ bookmarks: [] }, /"bookmarks" must be an object/],
    [{ bookmarks: { tickets: 'x' } }, /bookmark of stream "tickets" must be an object/],
    [{ bookmarks: { tickets: { replication_key_value: 'soon' } } }, /not an RFC 3339 timestamp/],
    [{ bookmarks: { tickets: { replication_key_value: '2030-01-01T00:00:00Z' } } }, /in the future/],
    [
      { bookmarks: { tickets: { progress: { route: '/tickets' } } } },
      /progress of stream "tickets" is malformed/,
    ],
  ])('rejects %j with a one-line StateError', (raw, message) => {
    expect(() => parseState(raw, 'state.json', NOW)).toThrow(StateError);
    expect(() => parseState(raw, 'state.json', NOW)).toThrow(message);
  });
});

describe('parseState progress', () => {
  it('keeps every resume field the engine wrote (route, after, partition, version)', () => {
    const progress = {
      window_start: null,
      window_end: '2026-11-20T00:00:00.000Z',
      partition: 'Contrato A',
      version: 1795300000000,
    };
    expect(parseState({ bookmarks: { c: { progress } } }, 's', NOW).bookmarks.c?.progress).toEqual({
      ...progress,
      after: null,
    });
    const keyset = {
      window_start: '2026-01-01T00:00:00.000Z',
      window_end: '2026-11-20T00:00:00.000Z',
      route: '/tickets/past',
      after: 42,
    };
    expect(parseState({ bookmarks: { t: { progress: keyset } } }, 's', NOW).bookmarks.t?.progress).toEqual(
      keyset,
    );
    expect(() =>
      parseState({ bookmarks: { t: { progress: { ...keyset, version: 'v1' } } } }, 's', NOW),
    ).toThrow(/"version" must be a number/);
  });

  it('keeps the id ranges of a route read side by side', () => {
    const progress = {
      window_start: null,
      window_end: '2026-11-20T00:00:00.000Z',
      route: '/tickets/past',
      after: 120,
      ranges: [
        { after: 120, up_to: 500 },
        { after: 500, up_to: 900 },
        { after: 950, up_to: null },
      ],
    };
    expect(parseState({ bookmarks: { t: { progress } } }, 's', NOW).bookmarks.t?.progress).toEqual(progress);
  });

  it.each([
    [[], /"ranges" must be a non-empty list/],
    [{ after: 1, up_to: null }, /"ranges" must be a non-empty list/],
    [[{ after: '1', up_to: null }], /item 0 must be \{after, up_to\} with integers or null/],
    [[{ after: 1.5, up_to: null }], /item 0 must be/],
    [[{ after: 1 }], /item 0 must be/],
    [
      [
        { after: 1, up_to: null },
        { after: 5, up_to: null },
      ],
      /item 0: only the last range may have no up_to/,
    ],
    [[{ after: 9, up_to: 9 }], /item 0: after must be below up_to/],
    [
      [
        { after: 1, up_to: 10 },
        { after: 8, up_to: null },
      ],
      /item 1 starts before the range ahead of it ends/,
    ],
    [
      [
        { after: 1, up_to: 10 },
        { after: null, up_to: null },
      ],
      /item 1 starts before the range ahead of it ends/,
    ],
  ])('rejects ranges %j, saying to restart the window', (ranges, message) => {
    const progress = {
      window_start: null,
      window_end: '2026-11-20T00:00:00.000Z',
      route: '/tickets',
      ranges,
    };
    const parse = () => parseState({ bookmarks: { t: { progress } } }, 'state.json', NOW);
    expect(parse).toThrow(StateError);
    expect(parse).toThrow(message);
    expect(parse).toThrow(/delete "progress" to restart the current window/);
  });
});

describe('StateManager', () => {
  it('keeps other streams bookmarks, records progress, and clears it on completion', () => {
    const state = new StateManager({
      bookmarks: { persons: { replication_key_value: '2026-01-01T00:00:00Z' } },
    });
    state.setProgress('tickets', 'lastUpdate', {
      window_start: null,
      window_end: '2026-11-20T00:00:00.000Z',
      route: '/tickets',
      after: 7,
    });
    expect(state.value.bookmarks.tickets?.progress?.after).toBe(7);
    state.complete('tickets', 'lastUpdate', '2026-11-20T00:00:00.000Z');
    expect(state.value).toEqual({
      bookmarks: {
        persons: { replication_key_value: '2026-01-01T00:00:00Z' },
        tickets: { replication_key: 'lastUpdate', replication_key_value: '2026-11-20T00:00:00.000Z' },
      },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { parseInstant, toRfc3339 } from '../../src/engine/records/datetime.js';

describe('toRfc3339', () => {
  it.each([
    ['2016-11-18T14:25:07.1920886', '2016-11-18T14:25:07.1920886Z'],
    ['2018-11-05T18:22:00', '2018-11-05T18:22:00Z'],
    ['2016-08-24T00:00:00', '2016-08-24T00:00:00Z'],
    ['2024-05-23T11:08:13.000-03:00', '2024-05-23T14:08:13.000Z'],
    ['2024-05-23 11:08:13', '2024-05-23T11:08:13Z'],
    ['2024-05-23T11:08:13.5Z', '2024-05-23T11:08:13.5Z'],
    ['2024-05-23', '2024-05-23T00:00:00Z'],
  ])('%s → %s', (input, output) => {
    expect(toRfc3339(input)).toBe(output);
  });

  it.each(['yesterday', '2024-13-45T00:00:00', '31/12/2024', ''])('rejects %j', (input) => {
    expect(toRfc3339(input)).toBeUndefined();
  });
});

describe('parseInstant', () => {
  it('reads RFC 3339 with offsets and treats naive timestamps as UTC', () => {
    expect(parseInstant('2024-01-01T00:00:00Z')).toBe(Date.UTC(2024, 0, 1));
    expect(parseInstant('2024-01-01T00:00:00-03:00')).toBe(Date.UTC(2024, 0, 1, 3));
    expect(parseInstant('2024-01-01T00:00:00.1234567')).toBe(Date.UTC(2024, 0, 1, 0, 0, 0, 123));
    expect(parseInstant('not a date')).toBeUndefined();
  });
});

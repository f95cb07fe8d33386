import { describe, expect, it } from 'vitest';
import { ProgressReporter } from '../../src/engine/progress.js';
import { Logger } from '../../src/logger.js';
import { Redactor } from '../../src/redact.js';
import { memoryStream } from '../helpers/harness.js';

describe('ProgressReporter', () => {
  it('logs a progress line at most once per interval when stderr is not a terminal', () => {
    const lines: string[] = [];
    const logger = new Logger('info', new Redactor(), (_level, line) => lines.push(line));
    const progress = new ProgressReporter(logger, { requests: 3, throttled: 0 }, 60_000);
    progress.page('tickets', '[beginning, now)', '/tickets up to id 100', new Map([['tickets', 100]]), {
      route: '/tickets',
      after: 100,
    });
    progress.page('tickets', '[beginning, now)', '/tickets up to id 200', new Map([['tickets', 200]]), {
      route: '/tickets',
      after: 200,
    });
    expect(lines.filter((line) => line.startsWith('progress:'))).toEqual([
      expect.stringMatching(
        /^progress: tickets \[beginning, now\) \/tickets up to id 100 \| 100 records \(tickets=100\) \| 3 requests/,
      ),
    ]);
    progress.finish();
    expect(lines.some((line) => line.includes('"metric":"peak_rss_mb"'))).toBe(true);
  });

  it('draws a live line with the time left on the archive route on a terminal', () => {
    const terminal = memoryStream();
    const logger = new Logger('info', new Redactor(), () => undefined, terminal.stream);
    const progress = new ProgressReporter(logger, { requests: 10, throttled: 1, inFlight: 3 });
    // The recent route holds the highest ids; the archive route is then read from the lowest.
    progress.page('tickets', 'w', 'recent', new Map(), { route: '/tickets', after: 10_000 });
    progress.page('tickets', 'w', 'archive', new Map(), { route: '/tickets/past', after: 100 });
    progress.page('tickets', 'w', 'archive', new Map(), { route: '/tickets/past', after: 2_500 });
    expect(terminal.text()).toContain('\r\x1b[Ktickets w archive');
    expect(terminal.text()).toContain('10 requests (');
    expect(terminal.text()).toContain(', 1 throttled, 3 in flight)');
    expect(terminal.text()).toMatch(/~\d+ s left on this route/);
    expect(terminal.text()).not.toContain('\n');
  });

  it('with id ranges read side by side, the time left counts what every range has left', () => {
    const lines: string[] = [];
    const logger = new Logger('info', new Redactor(), (_level, line) => lines.push(line), undefined);
    const progress = new ProgressReporter(logger, { requests: 10, throttled: 0, inFlight: 2 }, 0);
    progress.page('tickets', 'w', 'recent', new Map(), { route: '/tickets', after: 10_000 });
    progress.page('tickets', 'w', 'archive', new Map(), { route: '/tickets/past', after: 0 });
    // The lowest range is barely started, but half of the span is read: the estimate says so.
    progress.page('tickets', 'w', 'archive', new Map(), {
      route: '/tickets/past',
      after: 100,
      ranges: [
        { after: 100, up_to: 5_000 },
        { after: 10_000, up_to: null },
      ],
    });
    // Without ranges, 1% of the span read: too early for an estimate.
    progress.page('tickets', 'w', 'archive', new Map(), { route: '/tickets/past', after: 100 });
    const archive = lines.filter((line) => line.includes('archive'));
    expect(archive[1]).toMatch(/2 in flight\) \| ~\d+ (s|min|\.\d h) left on this route$/);
    expect(archive[2]).not.toContain('left on this route');
  });
});

import { describeAdjustment } from '../engine/query/adjustments.js';
import { total } from '../engine/records/data-issues.js';
import type { SyncResult } from '../engine/sync.js';
import type { LogLevel } from '../logger.js';

export interface Summary {
  lines: { level: LogLevel; text: string }[];
  /** 0, or 1 when a stream failed (or was skipped although a catalog selected it). */
  exitCode: number;
}

/**
 * The end-of-run summary both CLIs print: one line for the whole run, one per stream tree that did
 * not complete (which, why, what to do), one per query adjustment learned, one per field whose values
 * had to be written as null and one per collection that was not a list of objects.
 */
export function summarise(result: SyncResult): Summary {
  const { counts, failures, issues } = result;
  const skipped = failures.filter((failure) => failure.kind === 'skipped');
  const failed = failures.filter((failure) => failure.kind === 'failed');
  const records = [...counts.values()].reduce((sum, count) => sum + count, 0);
  const streams = (list: typeof failures) =>
    count(list.flatMap((failure) => failure.streams).length, 'stream');
  const lines: Summary['lines'] = [
    {
      level: 'info',
      text: `Summary: ${count(records, 'record')} in ${count(counts.size, 'stream')}; ${streams(failed)} failed, ${streams(skipped)} skipped; ${count(total(issues.nulledCounts), 'value')} written as null and ${count(total(issues.ignoredCounts), 'collection item')} ignored because they did not fit the schema`,
    },
  ];
  for (const failure of failures) {
    lines.push({
      level: failure.failsRun ? 'error' : 'warn',
      text: `${failure.kind === 'failed' ? 'FAILED' : 'SKIPPED'} ${failure.streams.join(', ')}: ${failure.reason}; ${failure.fix}`,
    });
  }
  for (const { stream, property, adjustment } of result.learned)
    lines.push({
      level: 'info',
      text: `LEARNED ${stream}: ${describeAdjustment(property, adjustment)}; kept in STATE query_adjustments`,
    });
  for (const [field, n] of issues.nulledCounts)
    lines.push({
      level: 'warn',
      text: `NULLED ${field}: ${count(n, 'value')} did not fit the schema, written as null`,
    });
  for (const [field, n] of issues.ignoredCounts)
    lines.push({
      level: 'warn',
      text: `IGNORED ${field}: ${count(n, 'time')} not a list of objects, no rows read from it`,
    });
  return { lines, exitCode: failures.some((failure) => failure.failsRun) ? 1 : 0 };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

import { ApiDataError, StateError } from '../../errors.js';
import { BadRequestError, HeavyQueryError, RouteDeniedError } from '../../http/errors.js';
import type { DateWindowAnswer, DateWindowSource } from '../../streams/define.js';
import { toRfc3339 } from '../records/datetime.js';
import { describeValue, type Page, type ReadContext } from './types.js';

const DAY_MS = 86_400_000;
/** STATE query_adjustments key of the longest window this account accepts. */
export const WINDOW_DAYS = '$windowDays';

interface Window {
  /** First and last day (epoch ms at 00:00 UTC), both read. */
  start: number;
  end: number;
}

const dayOf = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const lengthOf = (window: Window) => Math.round((window.end - window.start) / DAY_MS) + 1;
const interval = (window: Window) => `${date(window.start)}/${date(window.end)}`;

/**
 * Reads whole-day windows from the run's start (a bookmark, start_date, or the earliest row the
 * declaration names) to the day of its end, each page by page. A window ends at the last page the answer
 * announces, or, when it announces none, at an empty page or one that repeats the previous (an API that
 * ignores the page number). A 404 is a window without rows unless its message says the route is missing.
 *
 * Window length: `maxDays`, or what the account taught the tap (STATE `query_adjustments`, `$windowDays`).
 * Until it has, a range longer than `maxDays` is first asked as one `probeDays` window: an answer keeps
 * `probeDays`; a 400 (or the heavy-query 500) keeps `maxDays` and the same start is asked again with it.
 */
export async function* readDateWindows(source: DateWindowSource, ctx: ReadContext): AsyncGenerator<Page> {
  const offset = (source.dayOffsetMinutes ?? 0) * 60_000;
  const lastDay = dayOf(ctx.window.end + Math.max(0, offset));
  // What this run learned is also kept here, so the walk cannot probe again without the engine's hook.
  let known: number | undefined;
  const learned = () => ctx.learned?.get(WINDOW_DAYS) ?? known;
  const learn = (days: number, why: string) => {
    known = days;
    ctx.learned?.set(WINDOW_DAYS, days, why);
  };
  let probing = false;
  /** The window starting at `start`: as long as allowed, cut at the last day. */
  const windowFrom = (start: number): Window => {
    const remaining = Math.round((lastDay - start) / DAY_MS) + 1;
    let days = learned() ?? source.maxDays;
    probing = learned() === undefined && source.probeDays !== undefined && remaining > source.maxDays;
    if (probing) days = source.probeDays as number;
    return { start, end: start + (Math.min(days, remaining) - 1) * DAY_MS };
  };

  let window: Window;
  let page: number;
  if (ctx.resume?.partition !== undefined) {
    window = parseInterval(ctx.resume.partition);
    page = typeof ctx.resume.after === 'number' ? ctx.resume.after + 1 : 1;
    probing = learned() === undefined && lengthOf(window) > source.maxDays;
  } else {
    const from = ctx.window.start ?? (await earliest(source, ctx));
    if (from === undefined) {
      yield { rows: [], next: undefined, label: `${source.path}: nothing before ${date(ctx.window.end)}` };
      return;
    }
    window = windowFrom(dayOf(from + Math.min(0, offset)));
    page = 1;
  }

  let previous: string | undefined;
  for (;;) {
    const params = {
      [source.params.start]: date(window.start),
      [source.params.end]: date(window.end),
      [source.params.page]: page,
    };
    let answer: DateWindowAnswer;
    try {
      answer = source.extract(await ctx.client.get(source.path, params));
    } catch (error) {
      const status = error instanceof RouteDeniedError || error instanceof BadRequestError ? error.status : 0;
      const message =
        error instanceof RouteDeniedError || error instanceof BadRequestError ? error.serverMessage : '';
      if (status === 404 && source.routeMissing.test(message)) {
        throw new RouteDeniedError(
          `Movidesk answered HTTP 404 on GET ${source.path} with "${message.length > 80 ? `${message.slice(0, 80)}…` : message}": this account does not have the route`,
          404,
          source.path,
          message,
        );
      }
      if (status === 404) answer = { rows: [] };
      else if (
        ((error instanceof BadRequestError && error.status === 400) || error instanceof HeavyQueryError) &&
        lengthOf(window) > source.maxDays
      ) {
        const days = lengthOf(window);
        learn(
          source.maxDays,
          `Movidesk refused a ${days}-day window on GET ${source.path} (${error instanceof BadRequestError ? error.serverMessage || `HTTP ${error.status}` : 'too heavy'})`,
        );
        window = windowFrom(window.start);
        page = 1;
        previous = undefined;
        continue;
      } else throw error;
    }
    if (probing) {
      probing = false;
      learn(
        lengthOf(window),
        `Movidesk accepted a ${lengthOf(window)}-day window on GET ${source.path} (documented: ${source.maxDays})`,
      );
    }
    if (answer.page !== undefined && answer.page !== page) {
      throw new ApiDataError(
        `Movidesk answered page ${answer.page} when asked for page ${page} of GET ${source.path} (${interval(window)}): it does not take "${source.params.page}", so pages after the first cannot be read`,
      );
    }
    const seen = JSON.stringify(answer.rows);
    const repeated = answer.pages === undefined && page > 1 && seen === previous;
    const rows = repeated ? [] : answer.rows;
    const windowDone = rows.length === 0 || repeated || (answer.pages !== undefined && page >= answer.pages);
    const label = `${source.path} ${date(window.start)}..${date(window.end)} page ${page}${answer.pages !== undefined ? ` of ${answer.pages}` : ''}`;
    if (!windowDone) {
      yield { rows, next: { partition: interval(window), after: page }, label };
      previous = seen;
      page += 1;
      continue;
    }
    const nextStart = window.end + DAY_MS;
    if (nextStart > lastDay) {
      yield { rows, next: undefined, label };
      return;
    }
    window = windowFrom(nextStart);
    yield { rows, next: { partition: interval(window), after: null }, label };
    page = 1;
    previous = undefined;
  }
}

/** `YYYY-MM-DD/YYYY-MM-DD` as the tap wrote it in STATE progress. */
function parseInterval(text: string): Window {
  const match = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(text);
  const start = match ? Date.parse(`${match[1]}T00:00:00Z`) : Number.NaN;
  const end = match ? Date.parse(`${match[2]}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(start) || Number.isNaN(end) || end < start)
    throw new StateError(
      `progress "partition" ${JSON.stringify(text)} is not a date window (YYYY-MM-DD/YYYY-MM-DD); delete "progress" from the state to restart the current window`,
    );
  return { start, end };
}

/** The smallest `field` over the declared routes (epoch ms), or undefined when they hold no row. */
async function earliest(source: DateWindowSource, ctx: ReadContext): Promise<number | undefined> {
  const { routes, field, includeDeletedItemsParam } = source.earliest;
  let min: number | undefined;
  for (const route of routes) {
    const body = await ctx.client.get(route, {
      $select: field,
      $orderby: `${field} asc`,
      $top: 1,
      includeDeletedItems: includeDeletedItemsParam && ctx.includeDeletedItems ? 'true' : undefined,
    });
    if (!Array.isArray(body))
      throw new ApiDataError(
        `Movidesk answered GET ${route} with ${describeValue(body)} instead of a JSON array of rows`,
      );
    if (body.length === 0) continue;
    const value = (body[0] as Record<string, unknown> | null)?.[field];
    const iso = typeof value === 'string' ? toRfc3339(value) : undefined;
    const ms = iso === undefined ? Number.NaN : Date.parse(iso);
    if (Number.isNaN(ms))
      throw new ApiDataError(
        `Movidesk answered GET ${route} with ${field} ${JSON.stringify(value)}, not a timestamp; cannot tell where ${source.path} begins (set start_date to skip this)`,
      );
    min = Math.min(min ?? ms, ms);
  }
  ctx.logger.info(
    `${source.path}: no bookmark nor start_date, so reading from the earliest ${field} on ${routes.join(' and ')}: ${min === undefined ? 'none' : new Date(min).toISOString()}`,
  );
  return min;
}

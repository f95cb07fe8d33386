/**
 * Movidesk serialises .NET DateTime values as UTC without an offset, using the JSON.NET pattern
 * `yyyy-MM-ddTHH:mm:ss.FFFFFFF`: up to 7 fractional digits with trailing zeros dropped, and no
 * fraction at all when it is zero (`2018-11-05T18:22:00`). The simulator keeps timestamps as those
 * strings and compares them after padding the fraction to 7 digits.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Brazil (UTC-3, no DST since 2019): used for calendar dates such as timeAppointments[].date. */
const LOCAL_OFFSET_MS = -3 * HOUR;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function fraction7(msPart: number, ticks: number): string {
  const digits = `${pad(msPart, 3)}${pad(ticks, 4)}`.replace(/0+$/, '');
  return digits === '' ? '' : `.${digits}`;
}

/** `ms` is epoch milliseconds; `ticks` adds the 100 ns units .NET has below the millisecond (0..9999). */
export function netStamp(ms: number, ticks = 0): string {
  const d = new Date(Math.floor(ms));
  const base = d.toISOString().slice(0, 19);
  return `${base}${fraction7(d.getUTCMilliseconds(), ticks)}`;
}

/** Whole-minute stamp, as expense dates come (`2018-11-05T18:22:00`). */
export function minuteStamp(ms: number): string {
  return new Date(Math.floor(ms / MINUTE) * MINUTE).toISOString().slice(0, 19);
}

/** Local calendar date with zeroed time (`2016-08-24T00:00:00`). */
export function localDateStamp(ms: number): string {
  return `${new Date(ms + LOCAL_OFFSET_MS).toISOString().slice(0, 10)}T00:00:00`;
}

/** First day of the UTC month containing `ms`, as a period stamp (`2018-12-01T00:00:00`). */
export function monthStamp(year: number, month0: number): string {
  return `${new Date(Date.UTC(year, month0, 1)).toISOString().slice(0, 10)}T00:00:00`;
}

/** Time of day or duration as .NET TimeSpan text: `21:32:13.7345254`, `04:00:00`. */
export function timeSpan(ms: number, ticks = 0): string {
  const total = Math.floor(ms);
  const h = Math.floor(total / HOUR);
  const m = Math.floor((total % HOUR) / MINUTE);
  const s = Math.floor((total % MINUTE) / 1000);
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${fraction7(total % 1000, ticks)}`;
}

/** Pads the fraction so that stamps compare correctly as strings. */
export function normalizeStamp(stamp: string): string {
  const dot = stamp.indexOf('.', 19);
  if (dot < 0) return `${stamp.slice(0, 19)}.0000000`;
  return `${stamp.slice(0, 19)}.${stamp.slice(dot + 1, dot + 8).padEnd(7, '0')}`;
}

export function stampToMs(stamp: string): number {
  return Date.parse(`${normalizeStamp(stamp).slice(0, 23)}Z`);
}

const ODATA_DATETIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?[Zz]$/;

/**
 * Converts an OData DateTimeOffset literal to a normalized stamp. Only UTC literals with a trailing
 * Z are accepted: client reports say offsets or naive timestamps are rejected by the real API.
 */
export function odataLiteralToStamp(literal: string): string | null {
  const m = ODATA_DATETIME.exec(literal);
  if (!m) return null;
  const [, date, hh, mm, ss, frac] = m;
  const stamp = `${date}T${hh}:${mm}:${ss ?? '00'}.${(frac ?? '').padEnd(7, '0')}`;
  return Number.isNaN(stampToMs(stamp)) ? null : stamp;
}

const LOOSE_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?(?:[Zz])?$/;

/**
 * Query-string dates outside OData (survey responses, contract periods): clients send `2020-01-01`,
 * naive `…T…` or `…Z`, all read as UTC. Returns a normalized stamp or null when unparseable.
 */
export function looseDateToStamp(text: string): string | null {
  const m = LOOSE_DATE.exec(text.trim());
  if (!m) return null;
  const [, date, hh, mm, ss, frac] = m;
  const stamp = `${date}T${hh ?? '00'}:${mm ?? '00'}:${ss ?? '00'}.${(frac ?? '').padEnd(7, '0')}`;
  return Number.isNaN(stampToMs(stamp)) ? null : stamp;
}

const API_DATETIME =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$/;

/**
 * Movidesk sends UTC without an offset and with up to 7 fractional digits
 * (`2016-11-18T14:25:07.1920886`). Returns RFC 3339 in UTC with `Z`, keeping every fractional digit
 * (JS Date would cut them to milliseconds). Offsets, when present, are converted to UTC.
 * Returns undefined for text that is not a timestamp.
 */
/** What Movidesk sends almost always: a valid UTC timestamp without offset. Checked without Date.parse. */
const API_UTC = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?$/;

export function toRfc3339(value: string): string | undefined {
  if (API_UTC.test(value)) return `${value}Z`;
  const match = API_DATETIME.exec(value.trim());
  if (!match) return undefined;
  const [, date, time = '00:00:00', fraction = '', offset] = match;
  const hms = time.length === 5 ? `${time}:00` : time;
  if (!offset || offset === 'Z' || offset === 'z') {
    const iso = `${date}T${hms}${fraction}Z`;
    return Number.isNaN(Date.parse(`${date}T${hms}Z`)) ? undefined : iso;
  }
  const instant = Date.parse(
    `${date}T${hms}${offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset}`,
  );
  if (Number.isNaN(instant)) return undefined;
  return `${new Date(instant).toISOString().slice(0, 19)}${fraction}Z`;
}

/** Filter literal the API accepts: unquoted, UTC, ending in Z. */
export function odataDateLiteral(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Parses an RFC 3339 timestamp from config or state; undefined if unparsable or without offset. */
export function parseInstant(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$/i.test(value))
    return undefined;
  const ms = Date.parse(/T/i.test(value) && !/(Z|[+-]\d{2}:\d{2})$/i.test(value) ? `${value}Z` : value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Query adjustments learned from Movidesk's 400 answers. Real accounts differ from the documentation:
 * a property may not exist, a documented list of objects may be a list of strings (not expandable),
 * a documented scalar may be an object (must be expanded), nested `$expand` options may be refused.
 * Each 400 that names a property the tap asked for moves that property one step along a short ladder,
 * so learning always ends: unchanged → select | expand | whole → drop → (a further 400 fails the stream).
 * What was learned is kept in STATE (`query_adjustments`), so later runs ask the right query at once.
 */

/**
 * - `drop`: never asked for (the account does not serve it; its value stays null, child streams read from it get no rows);
 * - `select`: asked in `$select` only, never expanded (served as a plain value or a list of plain values);
 * - `expand`: expanded although the schema documents a plain value;
 * - `whole`: expanded without nested `$select` (the account refuses nested options); `*` applies it to every expansion.
 */
export type Adjustment = 'drop' | 'select' | 'expand' | 'whole';
/**
 * A limit of the stream's reader learned from the account, under a key starting with `$` (a property
 * name never does): `$windowDays`, the longest date window the account accepts (readers/date-windows.ts).
 */
export type ReaderLimit = number;
/** Property name (or `*`) → adjustment, and `$` key → reader limit, for one root stream. */
export type Adjustments = Readonly<Record<string, Adjustment | ReaderLimit>>;

export const ADJUSTMENTS: readonly Adjustment[] = ['drop', 'select', 'expand', 'whole'];
export const EVERY_EXPANSION = '*';

/** How a property is asked for in the current query. */
export interface AskedProperty {
  expanded: boolean;
  /** Expanded with nested options (`$select`/`$expand` inside the parentheses). */
  nested: boolean;
}

const NESTED_OPTION = /\$(select|expand|filter|orderby|top|skip)\b/i;
/** An option refused where it stands (the generic "The query ... is not valid." prefix does not count). */
const REFUSED =
  /(is|are) not (allowed|supported)|cannot be used|can ?not be used|isn't (allowed|supported)|not valid (in|inside|within)/i;
const UNKNOWN =
  /could not find (a )?property|unknown property|no property named|does not (exist|contain)|is not a (valid|known) property|property .* not found/i;
const NOT_EXPANDABLE =
  /not a navigation property|only navigation properties can be expanded|cannot be expanded|can ?not expand|is not expandable/i;
const MUST_EXPAND =
  /must be expanded|needs? to be expanded|is a navigation property|not a structural property|cannot be selected|can ?not select|cannot be used in the \$select/i;

/**
 * The adjustment a 400's message asks for, or undefined when it names nothing the tap can change
 * (then the stream fails instead of looping). `asked` maps every property of the current query.
 */
export function learn(
  serverMessage: string,
  asked: ReadonlyMap<string, AskedProperty>,
  current: Adjustments,
): { property: string; adjustment: Adjustment } | undefined {
  const named = quotedNames(serverMessage).filter((name) => asked.has(name));
  const option = NESTED_OPTION.exec(serverMessage);
  if (named.length === 0) {
    // A nested option refused without naming the property: stop nesting $select everywhere.
    const anyNested = [...asked.values()].some((property) => property.nested);
    if (option && REFUSED.test(serverMessage) && anyNested && current[EVERY_EXPANSION] !== 'whole')
      return { property: EVERY_EXPANSION, adjustment: 'whole' };
    return undefined;
  }
  const property = named[0] as string;
  const how = asked.get(property) as AskedProperty;
  const was = current[property];
  let adjustment: Adjustment | undefined;
  if (option && REFUSED.test(serverMessage) && how.nested && option[1]?.toLowerCase() !== 'expand')
    adjustment = was === 'whole' ? 'drop' : 'whole';
  else if (UNKNOWN.test(serverMessage)) adjustment = 'drop';
  else if (NOT_EXPANDABLE.test(serverMessage))
    adjustment = how.expanded && was !== 'expand' ? 'select' : 'drop';
  else if (MUST_EXPAND.test(serverMessage)) adjustment = how.expanded ? 'drop' : 'expand';
  if (adjustment === undefined || adjustment === was) return undefined;
  return { property, adjustment };
}

/** Identifiers quoted in a message ('name', "name", ‘name’), without type names such as 'Movidesk.Ticket'. */
function quotedNames(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/['"‘’`]([A-Za-z_][A-Za-z0-9_]*)['"‘’`]/g))
    names.push(match[1] as string);
  return names;
}

/** Whether a `query_adjustments` key names a reader limit rather than a property. */
export const isReaderLimit = (key: string): boolean => key.startsWith('$');

/** One line per adjustment, for the log at the start of a run and when one is learned. */
export function describeAdjustment(property: string, adjustment: Adjustment | ReaderLimit): string {
  if (typeof adjustment === 'number')
    return property === '$windowDays'
      ? `date windows are at most ${adjustment} days long (what this account accepts)`
      : `${property} is ${adjustment}`;
  const what = property === EVERY_EXPANSION ? 'every expanded collection' : `"${property}"`;
  switch (adjustment) {
    case 'drop':
      return `${what} is no longer asked for (this account does not serve it; it stays null)`;
    case 'select':
      return `${what} is asked in $select only, not expanded (this account serves it as a plain value)`;
    case 'expand':
      return `${what} is expanded (this account serves it as an object)`;
    case 'whole':
      return `${what} is expanded without nested $select (this account refuses nested options)`;
  }
}

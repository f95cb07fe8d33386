/**
 * Query adjustments learned from Movidesk's 400 answers. Real accounts differ from the documentation:
 * a property may not exist, a documented list of objects may be a list of strings (not expandable),
 * a documented scalar may be an object (must be expanded), nested `$expand` options may be refused.
 * Each 400 that names a property the tap asked for moves that property one step along a one-way ladder,
 * so learning always ends: unchanged → select | expand | whole → drop → (a further 400 fails the stream).
 * Adjustments are keyed by the property's path in the query tree, so one level's quirk never costs
 * another level's field.
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
/** Property path (or `*`) → adjustment, and `$` key → reader limit, for one root stream. */
export type Adjustments = Readonly<Record<string, Adjustment | ReaderLimit>>;

export const ADJUSTMENTS: readonly Adjustment[] = ['drop', 'select', 'expand', 'whole'];
export const EVERY_EXPANSION = '*';

/** How a property is asked for in the current query. */
export interface AskedProperty {
  /** `name` at the root level, `collection.name` below (`statusHistories.changedByTeam`). */
  path: string;
  expanded: boolean;
  /** Expanded with nested options (`$select`/`$expand` inside the parentheses). */
  nested: boolean;
  /** A collection child streams are read from. */
  collection: boolean;
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

export interface Learned {
  path: string;
  adjustment: Adjustment;
}

/**
 * The adjustments a 400's message asks for; empty when it names nothing the tap can change (then the
 * stream fails instead of looping). The ladder is one-way: a property gets at most one of select,
 * expand or whole, and a second refusal drops it; a collection child streams read from is never asked
 * as a plain value (not expandable, or refused again: dropped, and its child streams get no rows).
 */
export function learn(
  serverMessage: string,
  asked: readonly AskedProperty[],
  current: Adjustments,
  /** The root stream's name: the entity of the root level (`tickets` → a type naming `Ticket`). */
  root = '',
): Learned[] {
  const option = NESTED_OPTION.exec(serverMessage);
  const refusedOption =
    option !== null && REFUSED.test(serverMessage) && option[1]?.toLowerCase() !== 'expand';
  const candidates = named(serverMessage, asked, root);
  if (candidates.length === 0) {
    // A nested option refused without naming the property: stop nesting $select everywhere.
    if (refusedOption && asked.some((entry) => entry.nested) && current[EVERY_EXPANSION] !== 'whole')
      return [{ path: EVERY_EXPANSION, adjustment: 'whole' }];
    return [];
  }
  const learned: Learned[] = [];
  for (const entry of candidates) {
    const was = current[entry.path];
    if (was === 'drop') continue;
    let adjustment: Adjustment | undefined;
    if (was !== undefined) adjustment = 'drop';
    else if (refusedOption && entry.nested) adjustment = 'whole';
    else if (UNKNOWN.test(serverMessage)) adjustment = 'drop';
    else if (NOT_EXPANDABLE.test(serverMessage))
      adjustment = entry.expanded && !entry.collection ? 'select' : 'drop';
    else if (MUST_EXPAND.test(serverMessage)) adjustment = entry.expanded ? 'drop' : 'expand';
    if (adjustment) learned.push({ path: entry.path, adjustment });
  }
  return learned;
}

/**
 * The asked properties a message is about: those named by the first quoted identifier the query has.
 * When that name stands at several levels, the entity type the message names ('Movidesk.TimeAppointment',
 * 'TicketActionTimeAppointmentApiDto') picks the level whose parent it mentions most specifically (the
 * deeper one on a tie: 'TicketAction' is about actions, not tickets); a message naming no type, or none
 * that fits, is taken to be about every level with that name.
 */
function named(message: string, asked: readonly AskedProperty[], root: string): AskedProperty[] {
  const quoted = [...message.matchAll(/['"‘’`]([A-Za-z_][A-Za-z0-9_.]*)['"‘’`]/g)].map((m) => m[1] as string);
  const name = quoted.find((token) => asked.some((entry) => leaf(entry.path) === token));
  if (!name) return [];
  const atLevels = asked.filter((entry) => leaf(entry.path) === name);
  const types = quoted
    .filter((token) => token !== name)
    .join(' ')
    .toLowerCase();
  if (atLevels.length === 1 || types === '') return atLevels;
  const score = (entry: AskedProperty) => {
    const parent = entry.path.split('.').at(-2) ?? root;
    const stem = singular(parent.replace(/_/g, '').toLowerCase());
    return stem !== '' && types.replace(/_/g, '').includes(stem) ? stem.length : 0;
  };
  const depth = (entry: AskedProperty) => entry.path.split('.').length;
  const best = Math.max(...atLevels.map(score));
  if (best === 0) return atLevels;
  const fitting = atLevels.filter((entry) => score(entry) === best);
  const deepest = Math.max(...fitting.map(depth));
  return fitting.filter((entry) => depth(entry) === deepest);
}

const leaf = (path: string) => path.slice(path.lastIndexOf('.') + 1);
const singular = (word: string) =>
  word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.endsWith('s') ? word.slice(0, -1) : word;

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

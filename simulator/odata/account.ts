/**
 * What a real account serves differently from the documentation (options `account`): entity types
 * without the properties the account lacks, collections of plain strings, and how values are written.
 */
import type { AccountOptions } from '../options.js';
import type { EntityType, Property } from './model.js';

const views = new WeakMap<AccountOptions, Map<EntityType, EntityType>>();

/** The entity type as this account has it (same object when nothing differs). */
export function accountType(type: EntityType, account: AccountOptions): EntityType {
  if (account.missingProperties.length === 0 && account.stringCollections.length === 0) return type;
  let cache = views.get(account);
  if (!cache) {
    cache = new Map();
    views.set(account, cache);
  }
  return view(type, account, cache);
}

function view(type: EntityType, account: AccountOptions, cache: Map<EntityType, EntityType>): EntityType {
  const cached = cache.get(type);
  if (cached) return cached;
  const properties: Record<string, Property> = {};
  const out: EntityType = { name: type.name, properties };
  // Registered before the properties: entity types may refer to themselves.
  cache.set(type, out);
  const named = (list: string[], name: string) =>
    list.includes(`${type.name}.${name}`) || list.includes(name);
  for (const [name, property] of Object.entries(type.properties)) {
    if (named(account.missingProperties, name)) continue;
    if (property.kind === 'many' && named(account.stringCollections, name)) {
      properties[name] = { kind: 'values', type: 'String' };
    } else if (property.kind === 'single' || property.kind === 'many') {
      properties[name] = { kind: property.kind, target: view(property.target, account, cache) };
    } else properties[name] = property;
  }
  return out;
}

/** Brasília time, as an account configured for it might write timestamps. */
const OFFSET_MS = -3 * 3_600_000;

/** A scalar as this account writes it. */
export function accountValue(value: unknown, property: Property, account: AccountOptions): unknown {
  if (account.datetimeOffsets && property.kind === 'value' && property.type === 'DateTimeOffset')
    return typeof value === 'string' ? withOffset(value) : value;
  if (account.scalarsAsStrings && (typeof value === 'number' || typeof value === 'boolean'))
    return String(value);
  return value;
}

/** `2024-01-05T10:00:00.1234567` (UTC) → `2024-01-05T07:00:00.1234567-03:00`. */
function withOffset(utc: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(utc);
  if (!match) return utc;
  const local = new Date(Date.parse(`${match[1]}Z`) + OFFSET_MS).toISOString().slice(0, 19);
  return `${local}${match[2] ?? ''}-03:00`;
}

/** An item of a collection served as plain strings: its first text (an e-mail destination's address). */
export function plainItem(item: unknown): unknown {
  if (item === null || typeof item !== 'object') return item;
  const record = item as Record<string, unknown>;
  const text = record.email ?? Object.values(record).find((value) => typeof value === 'string');
  return text ?? JSON.stringify(item);
}

import type { JsonRecord } from './define.js';

const KEY_FIELDS = ['customFieldItem', 'personId', 'clientId', 'team', 'storageFileGuid'] as const;

/**
 * Custom field items have no id. Their content is what identifies them within a value (a list option,
 * a person, a team, a file), so the key is the first non-empty of those, tagged with its kind; it
 * survives reordering, unlike a position.
 */
export function customFieldItemKey(item: JsonRecord): string {
  for (const field of KEY_FIELDS) {
    const value = item[field];
    if (value !== null && value !== undefined && value !== '') return `${field}:${String(value)}`;
  }
  return 'empty:';
}

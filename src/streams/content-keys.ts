import type { JsonRecord } from './define.js';

/**
 * Keys for rows the API gives no id. They are built from the row's content, so they survive
 * reordering (a position would not); two rows with the same content are the same row.
 */

const ITEM_FIELDS = ['customFieldItem', 'personId', 'clientId', 'team', 'storageFileGuid'] as const;

/** The first non-empty of the item's identifying fields, tagged with its kind (`customFieldItem:Opção A`). */
export function customFieldItemKey(item: JsonRecord): string {
  for (const field of ITEM_FIELDS) {
    const value = item[field];
    if (value !== null && value !== undefined && value !== '') return `${field}:${String(value)}`;
  }
  return 'empty:';
}

const joined =
  (...fields: string[]) =>
  (row: JsonRecord): string =>
    fields
      .map((field) => (row[field] === null || row[field] === undefined ? '' : String(row[field])))
      .join('|');

export const addressKey = joined('addressType', 'postalCode', 'street', 'number', 'complement');
export const contactKey = joined('contactType', 'contact');
export const emailKey = (row: JsonRecord): string =>
  joined(
    'emailType',
    'email',
  )({ ...row, email: typeof row.email === 'string' ? row.email.toLowerCase() : row.email });

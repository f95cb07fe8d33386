/** One-letter property declarations, so entity types read like the API's field tables. */
import { v } from '../odata/model.js';

export const s = v('String');
export const i = v('Int32');
export const b = v('Boolean');
export const d = v('DateTimeOffset');
export const dec = v('Decimal');
export const dbl = v('Double');

/** Tokens of the $filter / $orderby grammar. */
import { odataLiteralToStamp } from '../time.js';
import { invalid } from './model.js';

export type Token =
  | { t: 'ident'; v: string; pos: number }
  | { t: 'string'; v: string; pos: number }
  | { t: 'number'; v: number; int: boolean; pos: number }
  | { t: 'datetime'; v: string; pos: number }
  | { t: '(' | ')' | ',' | ':' | '/' | 'eof'; pos: number };

const IDENT_START = /[A-Za-z_$]/;
const IDENT_PART = /[A-Za-z0-9_$]/;
const DATE_PREFIX = /^-?\d{4}-\d{2}-\d{2}/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?[mMdDfFlL]?/;

export function syntaxError(pos: number, text: string): Error {
  return invalid(`Syntax error at position ${pos} in '${text}'.`);
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '(' || c === ')' || c === ',' || c === ':' || c === '/') {
      out.push({ t: c, pos: i });
      i++;
    } else if (c === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length)
          throw invalid(`There is an unterminated string literal at position ${start} in '${text}'.`);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      out.push({ t: 'string', v: value, pos: start });
    } else if (DATE_PREFIX.test(text.slice(i, i + 11))) {
      // A date-time literal runs until a delimiter; it must be UTC with a trailing Z.
      const start = i;
      while (i < text.length && /[0-9A-Za-z:.\-+]/.test(text[i] ?? '')) i++;
      const raw = text.slice(start, i);
      const stamp = odataLiteralToStamp(raw);
      if (stamp === null) {
        throw invalid(`Unrecognized 'Edm.DateTimeOffset' literal '${raw}' at '${start}' in '${text}'.`);
      }
      out.push({ t: 'datetime', v: stamp, pos: start });
    } else if (/[-0-9]/.test(c)) {
      const m = NUMBER.exec(text.slice(i));
      if (!m) throw syntaxError(i, text);
      const raw = m[0].replace(/[mMdDfFlL]$/, '');
      out.push({ t: 'number', v: Number(raw), int: /^-?\d+$/.test(raw), pos: i });
      i += m[0].length;
    } else if (IDENT_START.test(c)) {
      const start = i;
      while (i < text.length && IDENT_PART.test(text[i] ?? '')) i++;
      out.push({ t: 'ident', v: text.slice(start, i), pos: start });
    } else {
      throw syntaxError(i, text);
    }
  }
  out.push({ t: 'eof', pos: text.length });
  return out;
}

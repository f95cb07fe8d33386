/**
 * Hand-written parser for the OData subset Movidesk accepts. $filter becomes an AST; $select,
 * $expand and $orderby become plain structures. Validation against entity types happens in bind.ts.
 */

import { syntaxError, type Token, tokenize } from './lexer.js';
import { INVALID_QUERY, invalid, ODataError } from './model.js';

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type LiteralType = 'string' | 'int' | 'decimal' | 'bool' | 'null' | 'datetime';

export type Expr =
  | { k: 'lit'; type: LiteralType; value: string | number | boolean | null }
  | { k: 'path'; segs: string[] }
  | { k: 'cmp'; op: CompareOp; l: Expr; r: Expr }
  | { k: 'and' | 'or'; l: Expr; r: Expr }
  | { k: 'not'; e: Expr }
  | { k: 'call'; name: string; args: Expr[] }
  | { k: 'lambda'; op: 'any' | 'all'; segs: string[]; v: string | null; body: Expr | null };

const COMPARE_OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

class FilterParser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[this.i + offset] ?? { t: 'eof', pos: this.text.length };
  }

  private next(): Token {
    const tok = this.peek();
    this.i++;
    return tok;
  }

  private isWord(word: string): boolean {
    const tok = this.peek();
    return tok.t === 'ident' && tok.v === word;
  }

  private expect(t: Token['t']): Token {
    const tok = this.next();
    if (tok.t !== t) throw syntaxError(tok.pos, this.text);
    return tok;
  }

  parseAll(): Expr {
    const e = this.or();
    if (this.peek().t !== 'eof') throw syntaxError(this.peek().pos, this.text);
    return e;
  }

  private or(): Expr {
    let l = this.and();
    while (this.isWord('or')) {
      this.next();
      l = { k: 'or', l, r: this.and() };
    }
    return l;
  }

  private and(): Expr {
    let l = this.unary();
    while (this.isWord('and')) {
      this.next();
      l = { k: 'and', l, r: this.unary() };
    }
    return l;
  }

  private unary(): Expr {
    if (this.isWord('not')) {
      this.next();
      return { k: 'not', e: this.unary() };
    }
    const l = this.primary();
    const tok = this.peek();
    if (tok.t === 'ident' && COMPARE_OPS.has(tok.v)) {
      this.next();
      return { k: 'cmp', op: tok.v as CompareOp, l, r: this.primary() };
    }
    return l;
  }

  private primary(): Expr {
    const tok = this.next();
    switch (tok.t) {
      case '(': {
        const e = this.or();
        this.expect(')');
        return e;
      }
      case 'string':
        return { k: 'lit', type: 'string', value: tok.v };
      case 'number':
        return { k: 'lit', type: tok.int ? 'int' : 'decimal', value: tok.v };
      case 'datetime':
        return { k: 'lit', type: 'datetime', value: tok.v };
      case 'ident':
        if (tok.v === 'true' || tok.v === 'false') return { k: 'lit', type: 'bool', value: tok.v === 'true' };
        if (tok.v === 'null') return { k: 'lit', type: 'null', value: null };
        if (this.peek().t === '(') return this.call(tok.v);
        return this.path(tok.v);
      default:
        throw syntaxError(tok.pos, this.text);
    }
  }

  private call(name: string): Expr {
    this.expect('(');
    const args: Expr[] = [];
    if (this.peek().t !== ')') {
      args.push(this.or());
      while (this.peek().t === ',') {
        this.next();
        args.push(this.or());
      }
    }
    this.expect(')');
    return { k: 'call', name, args };
  }

  private path(first: string): Expr {
    const segs = [first];
    while (this.peek().t === '/') {
      this.next();
      const seg = this.expect('ident') as Extract<Token, { t: 'ident' }>;
      if ((seg.v === 'any' || seg.v === 'all') && this.peek().t === '(') return this.lambda(seg.v, segs);
      segs.push(seg.v);
    }
    return { k: 'path', segs };
  }

  private lambda(op: 'any' | 'all', segs: string[]): Expr {
    this.expect('(');
    if (this.peek().t === ')') {
      this.next();
      if (op === 'all') throw syntaxError(this.peek().pos, this.text);
      return { k: 'lambda', op, segs, v: null, body: null };
    }
    const variable = this.expect('ident') as Extract<Token, { t: 'ident' }>;
    this.expect(':');
    const body = this.or();
    this.expect(')');
    return { k: 'lambda', op, segs, v: variable.v, body };
  }
}

export function parseFilter(text: string): Expr {
  if (text.trim() === '') throw invalid('The $filter query option cannot be empty.');
  return new FilterParser(tokenize(text), text).parseAll();
}

/** Splits on `sep` outside parentheses and quotes. */
export function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') {
      depth--;
      if (depth < 0) throw invalid(`Syntax error: unbalanced parentheses in '${text}'.`);
    } else if (!quoted && depth === 0 && c === sep) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0 || quoted) throw invalid(`Syntax error: unbalanced parentheses in '${text}'.`);
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

export function parseSelect(text: string): string[] {
  const items = splitTopLevel(text, ',');
  if (items.some((s) => s === '')) throw invalid(`Syntax error in $select '${text}': empty item.`);
  return items;
}

export interface ExpandOptionsText {
  select: string | null;
  expand: string | null;
  filter: string | null;
  orderby: string | null;
  top: string | null;
  skip: string | null;
}

export interface ExpandItemText {
  path: string;
  options: ExpandOptionsText;
}

const NESTED_OPTIONS = new Set(['$select', '$expand', '$filter', '$orderby', '$top', '$skip']);

export function parseExpand(text: string): ExpandItemText[] {
  return splitTopLevel(text, ',').map((item) => {
    if (item === '') throw invalid(`Syntax error in $expand '${text}': empty item.`);
    const open = item.indexOf('(');
    const options: ExpandOptionsText = {
      select: null,
      expand: null,
      filter: null,
      orderby: null,
      top: null,
      skip: null,
    };
    if (open < 0) return { path: item, options };
    if (!item.endsWith(')')) throw invalid(`Syntax error in $expand item '${item}'.`);
    const path = item.slice(0, open).trim();
    for (const opt of splitTopLevel(item.slice(open + 1, -1), ';')) {
      if (opt === '') continue;
      const eq = opt.indexOf('=');
      const key = eq < 0 ? opt : opt.slice(0, eq).trim();
      if (eq < 0 || !NESTED_OPTIONS.has(key)) {
        throw new ODataError(`${INVALID_QUERY} The query option '${key}' is not supported inside $expand.`);
      }
      options[key.slice(1) as keyof ExpandOptionsText] = opt.slice(eq + 1).trim();
    }
    return { path, options };
  });
}

export interface OrderKeyText {
  segs: string[];
  desc: boolean;
}

export function parseOrderBy(text: string): OrderKeyText[] {
  return splitTopLevel(text, ',').map((part) => {
    const m = /^([A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*)(?:\s+(asc|desc))?$/.exec(part);
    if (!m?.[1]) throw invalid(`Syntax error in $orderby '${text}'.`);
    return { segs: m[1].split('/'), desc: m[2] === 'desc' };
  });
}

export function parseNonNegativeInt(name: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) {
    throw invalid(
      `Invalid value '${text}' for ${name} query option found. The ${name} query option requires a non-negative integer value.`,
    );
  }
  return Number(text.trim());
}

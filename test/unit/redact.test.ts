import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/redact.js';

describe('Redactor', () => {
  it('masks the secret, its URL-encoded form and any token query parameter', () => {
    const redactor = new Redactor();
    redactor.addSecret('s3cr3t/token+x');
    expect(redactor.redact('a s3cr3t/token+x b s3cr3t%2Ftoken%2Bx c')).toBe('a *** b *** c');
    expect(redactor.redact('GET /tickets?$top=1&token=other-value&x=1')).toBe(
      'GET /tickets?$top=1&token=***&x=1',
    );
  });
});

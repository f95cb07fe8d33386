import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

describe('generated types', () => {
  it('match schemas/ (npm run gen:types would change nothing)', () => {
    const result = spawnSync('node', [join(ROOT, 'scripts/gen-types.mjs'), '--check'], { encoding: 'utf8' });
    expect(result.stderr).toContain('Generated types match schemas/.');
    expect(result.status).toBe(0);
  });
});

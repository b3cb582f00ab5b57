import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

describe('module boundaries', () => {
  it('type and scope violations fail lint, on a checkout without an Nx cache too', () => {
    const res = spawnSync('bash', [join(here, 'check_boundaries.sh')], {
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain('check_boundaries: ok');
    expect(res.status).toBe(0);
  });
});

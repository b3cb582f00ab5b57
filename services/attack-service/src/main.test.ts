import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

describe('attack-service main.ts', () => {
  it('exits 2 naming the variable when the configuration is bad (no broker needed)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'main.ts')], {
      cwd: resolve(here, '../../..'),
      env: { ...process.env, ADA_ATTACK_PORT: 'eighty' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /configuration: ADA_ATTACK_PORT must be an integer in \[0, 65535\], got 'eighty'/,
    );
  });
});

import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register as registerInfo } from './info.ts';

const ignore = (text: string): void => void text;

function program(): Command {
  const p = new Command('ada')
    .exitOverride()
    .configureOutput({ writeOut: ignore, writeErr: ignore });
  registerInfo(p);
  return p;
}

/** Runs `ada <args>` in-process and returns what it wrote to stdout. */
async function stdoutOf(args: string[]): Promise<string> {
  let text = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    text += String(chunk);
    return true;
  });
  try {
    await program().parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return text;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ada info', () => {
  it('prints backend, version, threads and the reason', async () => {
    const text = await stdoutOf(['info', '--no-bench']);
    expect(text).toMatch(/^backend: (tensorflow|wasm|cpu) \(@tensorflow\/tfjs-[\w-]+ 4\.22\.0\)$/m);
    expect(text).toMatch(/^threads: [1-9]\d*$/m);
    expect(text).toMatch(/^reason: .+$/m);
  });

  it('--json carries the benchmark headline: conv 3x3 64->64, 32x32, batch 32', async () => {
    const parsed = JSON.parse(await stdoutOf(['info', '--json'])) as {
      backend: { name: string; threads: number };
      headline: {
        forwardFlops: number;
        forwardMs: number;
        forwardBackwardMs: number;
        ratio: number;
      };
    };
    expect(parsed.headline.forwardFlops).toBe(2 * 32 * 32 * 32 * 64 * 3 * 3 * 64);
    expect(parsed.headline.forwardMs).toBeGreaterThan(0);
    expect(parsed.headline.forwardBackwardMs).toBeGreaterThan(parsed.headline.forwardMs);
    expect(parsed.headline.ratio).toBeGreaterThan(0);
  });
});

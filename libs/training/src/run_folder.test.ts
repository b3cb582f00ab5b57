import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configHash } from './config_hash.ts';
import { presetConfig } from './presets.ts';
import {
  RunFolderError,
  checkRunRecord,
  claimRunFolder,
  clearRunArtifacts,
  readJsonFile,
  recordConfig,
} from './run_folder.ts';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'ada-runfolder-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('claimRunFolder', () => {
  it('takes an absent or empty folder and records config.json with its hash', async () => {
    const out = join(tmp(), 'new');
    const config = presetConfig('quick');
    await claimRunFolder(out, config, 'demo', { resume: false, overwrite: false });
    const rec = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as {
      configHash: string;
      dataKind: string;
    };
    expect(rec.configHash).toBe(configHash(config, 'demo'));
    expect(rec.dataKind).toBe('demo');
  });

  it('refuses a non-empty folder without --resume or --overwrite, and changes nothing', async () => {
    const out = tmp();
    writeFileSync(join(out, 'notes.txt'), 'mine');
    await expect(
      claimRunFolder(out, presetConfig('quick'), 'demo', { resume: false, overwrite: false }),
    ).rejects.toThrow(/--out .* is not empty .*--resume.*--overwrite.*another --out/);
    expect(existsSync(join(out, 'config.json'))).toBe(false);
    await claimRunFolder(out, presetConfig('quick'), 'demo', { resume: false, overwrite: true });
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('--resume with other result settings names each differing setting and keeps config.json', async () => {
    const out = tmp();
    const a = presetConfig('quick');
    await claimRunFolder(out, a, 'demo', { resume: false, overwrite: false });
    const before = readFileSync(join(out, 'config.json'), 'utf8');
    const b = presetConfig('quick');
    b.train.epochs = a.train.epochs + 1;
    b.ada.nu = 0.005;
    const err = await claimRunFolder(out, b, 'demo', { resume: true, overwrite: false }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RunFolderError);
    expect((err as Error).message).toMatch(
      new RegExp(
        `ada.nu: 0.015 -> 0.005; train.epochs: ${a.train.epochs} -> ${a.train.epochs + 1}`,
      ),
    );
    expect((err as Error).message).toMatch(/another --out .*--overwrite/);
    expect(readFileSync(join(out, 'config.json'), 'utf8')).toBe(before);
    // Same settings with other prose: config.json is not rewritten.
    const same = presetConfig('quick');
    same.deviations = ['command-line overrides: epochs 3'];
    await claimRunFolder(out, same, 'demo', { resume: true, overwrite: false });
    expect(readFileSync(join(out, 'config.json'), 'utf8')).toBe(before);
    // Same settings, more seeds: allowed (each run is its own setup and seed).
    const c = presetConfig('quick');
    c.seeds = [0, 1];
    await claimRunFolder(out, c, 'demo', { resume: true, overwrite: false });
    // A data folder where there was none changes the result too.
    await expect(
      claimRunFolder(out, c, 'cifar10', { resume: true, overwrite: false }),
    ).rejects.toThrow(/dataKind: "demo" -> "cifar10"/);
  });

  it('checks a config.json written before hashes by the hash of its settings', async () => {
    const out = tmp();
    const a = presetConfig('quick');
    writeFileSync(join(out, 'config.json'), JSON.stringify(a));
    await claimRunFolder(out, presetConfig('quick'), 'demo', { resume: true, overwrite: false });
    const b = presetConfig('quick');
    b.model = 'resnet18';
    await expect(recordConfig(out, b, 'demo', { replace: false })).rejects.toThrow(/model:/);
  });

  it('names a corrupt config.json and refuses --resume with --overwrite', async () => {
    const out = tmp();
    writeFileSync(join(out, 'config.json'), '{"preset": ');
    await expect(
      claimRunFolder(out, presetConfig('quick'), 'demo', { resume: true, overwrite: false }),
    ).rejects.toThrow(/config\.json is not valid JSON .*corrupt/);
    await expect(
      claimRunFolder(out, presetConfig('quick'), 'demo', { resume: true, overwrite: true }),
    ).rejects.toThrow(/--resume and --overwrite exclude each other/);
    const file = join(out, 'file');
    writeFileSync(file, '');
    await expect(
      claimRunFolder(file, presetConfig('quick'), 'demo', { resume: false, overwrite: false }),
    ).rejects.toThrow(/is a file, not a folder/);
  });
});

describe('run folders', () => {
  it('clearRunArtifacts removes only what a run writes', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'checkpoint', 'step-4'), { recursive: true });
    for (const f of ['result.json', 'history.json', 'run.json', 'mine.txt'])
      writeFileSync(join(dir, f), '{}');
    writeFileSync(join(dir, 'checkpoint', 'latest.json'), '{}');
    writeFileSync(join(dir, 'checkpoint', 'keep.bin'), '');
    await clearRunArtifacts(dir);
    expect(existsSync(join(dir, 'result.json'))).toBe(false);
    expect(existsSync(join(dir, 'history.json'))).toBe(false);
    expect(existsSync(join(dir, 'checkpoint', 'step-4'))).toBe(false);
    expect(existsSync(join(dir, 'checkpoint', 'latest.json'))).toBe(false);
    expect(existsSync(join(dir, 'mine.txt'))).toBe(true);
    expect(existsSync(join(dir, 'checkpoint', 'keep.bin'))).toBe(true);
  });

  it('checkRunRecord refuses a run recorded under another hash', async () => {
    const dir = tmp();
    await checkRunRecord(dir, 'a'.repeat(64), 'nominal seed 0');
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ configHash: 'b'.repeat(64) }));
    await expect(checkRunRecord(dir, 'a'.repeat(64), 'nominal seed 0')).rejects.toThrow(
      /nominal seed 0 in .* was trained under other settings \(config hash bbbbbbbbbbbb in run\.json/,
    );
  });

  it('readJsonFile names the file it cannot parse', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'latest.json'), 'nope');
    await expect(readJsonFile(join(dir, 'latest.json'))).rejects.toThrow(
      /latest\.json is not valid JSON/,
    );
    expect(await readJsonFile(join(dir, 'absent.json'))).toBeUndefined();
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { STEP_RULES, type StepRule, type StrengthPoint } from '@ada/ada';

/** Where `ada calibrate` writes and `ada run --nu auto` reads, relative to the working folder. */
export const DEFAULT_CALIBRATION_FILE = join('.ada', 'calibration.json');

/** One calibrated radius: the nu that meets the target for one corruption setting. */
export interface CalibrationEntry {
  network: string;
  /** Residual form x + c_(phi+beta)(x) - c_phi(x). */
  residual: boolean;
  stepRule: StepRule;
  steps: number;
  offsets: string;
  nu: number;
  /** How `chooseNu` picked it: interpolated, exact, too-weak or too-strong. */
  how: string;
  targetMetric: string;
  target: number;
  classifier: string;
  images: string;
  n: number;
  at: string;
  /** The measured sweep: nu and the target metric's value. */
  curve: Array<{ nu: number; value: number }>;
  /** Every measured number of the sweep (`measureAdaStrength`). */
  points?: StrengthPoint[];
}

export interface CalibrationFile {
  format: 'ada-calibration';
  version: 1;
  entries: CalibrationEntry[];
}

const sameSetting = (
  a: Pick<CalibrationEntry, 'network' | 'residual' | 'stepRule'>,
  b: Pick<CalibrationEntry, 'network' | 'residual' | 'stepRule'>,
): boolean => a.network === b.network && a.residual === b.residual && a.stepRule === b.stepRule;

function parseCalibration(text: string, file: string): CalibrationFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new Error(`${file}: not JSON (${(cause as Error).message})`, { cause });
  }
  const f = json as Partial<CalibrationFile>;
  if (f?.format !== 'ada-calibration' || f.version !== 1 || !Array.isArray(f.entries)) {
    throw new Error(
      `${file}: expected an 'ada-calibration' version 1 file with 'entries' (written by ada calibrate)`,
    );
  }
  for (const [i, e] of f.entries.entries()) {
    if (
      typeof e?.network !== 'string' ||
      typeof e.residual !== 'boolean' ||
      !(STEP_RULES as readonly string[]).includes(e.stepRule) ||
      !(e.nu > 0 && e.nu < 1)
    ) {
      throw new Error(
        `${file}: entries[${i}] must have network (string), residual (boolean), stepRule (${STEP_RULES.join(' | ')}) and nu in (0, 1)`,
      );
    }
  }
  return f as CalibrationFile;
}

/** Adds `entry` to the file (creating it), replacing the entry of the same setting. */
export async function writeCalibrationEntry(file: string, entry: CalibrationEntry): Promise<void> {
  const current = existsSync(file)
    ? parseCalibration(await readFile(file, 'utf8'), file)
    : { format: 'ada-calibration' as const, version: 1 as const, entries: [] };
  const entries = [...current.entries.filter((e) => !sameSetting(e, entry)), entry];
  await mkdir(dirname(file) || '.', { recursive: true });
  await writeFile(file, `${JSON.stringify({ ...current, entries }, null, 1)}\n`);
}

/**
 * The calibrated nu of one setting (`ada run --nu auto`). Errors name the file and say how to
 * make the missing calibration.
 */
export function readCalibratedNu(
  file: string,
  setting: Pick<CalibrationEntry, 'network' | 'residual' | 'stepRule'>,
): CalibrationEntry {
  const how = `make it with: ada calibrate --network ${setting.network} --step-rules ${setting.stepRule}${setting.residual ? ' --residual' : ''} --store DIR --checkpoint KEY --out ${file}`;
  if (!existsSync(file)) {
    throw new Error(`--nu auto reads the calibration file ${file}, which does not exist; ${how}`);
  }
  const cal = parseCalibration(readFileSync(file, 'utf8'), file);
  const hit = cal.entries.find((e) => sameSetting(e, setting));
  if (!hit) {
    const have = cal.entries
      .map((e) => `${e.network}/${e.stepRule}${e.residual ? '/residual' : ''}`)
      .join(', ');
    throw new Error(
      `--nu auto: ${file} has no calibration for network ${setting.network}, step rule ${setting.stepRule}, ${setting.residual ? 'residual' : "the paper's"} form (it has: ${have || 'none'}); ${how}`,
    );
  }
  return hit;
}

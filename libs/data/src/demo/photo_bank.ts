import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { adaCacheDir } from '../cache_dir.ts';
import { DatasetError } from '../errors.ts';
import { decodePng } from '../png.ts';
import { readInput } from '../read_input.ts';

/** One photograph of the bank: RGB bytes, row-major HWC. */
export interface DemoPhoto {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
  /** The licence recorded by the set-up script (from the photo's package). */
  readonly licence: string;
}

/** The natural photographs the `photo` demo variant crops its backgrounds and surfaces from. */
export interface DemoPhotoBank {
  /** Sorted by id; photo i leans to class i % 10 as an object surface (the texture cue). */
  readonly photos: readonly DemoPhoto[];
}

/** Where `npm run setup:demo-photos` puts the bank: `<cache>/ada/demo-photos`. */
export function demoPhotosDir(): string {
  return adaCacheDir('demo-photos');
}

interface PhotoEntry {
  id: string;
  licence: string;
  size: [number, number];
  pngSha256: string;
}

/**
 * Loads the photo bank written by `npm run setup:demo-photos` (`scripts/setup_demo_photos.py`):
 * `photos.json` (format `ada-demo-photos` v1: id, source, path, licence, size, sha256 per photo)
 * and `<id>.png` for each. Every PNG's sha256 and size are checked, so a bank that differs from
 * the recorded one (and would change the images of a seed) is an error naming the file.
 *
 * ```ts
 * const bank = await loadDemoPhotoBank(); // 43 photos, shorter side 256-ish
 * makeDemoDataset({ split: 'train', size: 100, seed: 0, variant: 'photo', photos: bank });
 * ```
 */
export async function loadDemoPhotoBank(options: { dir?: string } = {}): Promise<DemoPhotoBank> {
  const dir = options.dir ?? demoPhotosDir();
  const manifestPath = join(dir, 'photos.json');
  const bytes = await readInput(
    manifestPath,
    'the demo photo bank manifest (run npm run setup:demo-photos)',
  );
  let entries: PhotoEntry[];
  try {
    const m = JSON.parse(new TextDecoder().decode(bytes)) as {
      format?: string;
      version?: number;
      photos?: PhotoEntry[];
    };
    if (m.format !== 'ada-demo-photos' || m.version !== 1 || !Array.isArray(m.photos)) {
      throw new Error(`format '${m.format}' v${m.version}, expected 'ada-demo-photos' v1`);
    }
    entries = m.photos;
  } catch (err) {
    throw new DatasetError(
      `not a demo photo manifest (${err instanceof Error ? err.message : String(err)})`,
      { source: manifestPath, cause: err },
    );
  }
  if (entries.length < 10) {
    throw new DatasetError(`needs at least 10 photos (one per class), got ${entries.length}`, {
      source: manifestPath,
    });
  }
  const photos: DemoPhoto[] = [];
  for (const e of [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const path = join(dir, `${e.id}.png`);
    const png = await readInput(path, 'a photo of the demo bank (run npm run setup:demo-photos)');
    const digest = createHash('sha256').update(png).digest('hex');
    if (digest !== e.pngSha256) {
      throw new DatasetError(`sha256 ${digest}, expected ${e.pngSha256} from photos.json`, {
        source: path,
      });
    }
    const img = decodePng(png, path);
    if (
      img.width !== e.size[0] ||
      img.height !== e.size[1] ||
      img.width < 128 ||
      img.height < 128
    ) {
      throw new DatasetError(
        `size ${img.width}x${img.height}, expected ${e.size[0]}x${e.size[1]} (at least 128x128)`,
        { source: path },
      );
    }
    photos.push({
      id: e.id,
      width: img.width,
      height: img.height,
      data: img.data,
      licence: e.licence,
    });
  }
  return { photos };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessBus } from '@ada/bus';
import { FsArtifactStore } from '@ada/store';

/**
 * A filesystem store in a fresh temporary folder and an in-process bus, for this lib's tests;
 * `dispose` closes the bus and removes the folder.
 *
 * ```ts
 * const { dir, store, bus, dispose } = storeAndBus('eval-requests-');
 * afterAll(dispose);
 * ```
 */
export function storeAndBus(prefix: string): {
  dir: string;
  store: FsArtifactStore;
  bus: InProcessBus;
  dispose(): Promise<void>;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = new FsArtifactStore({ root: join(dir, 'store') });
  const bus = new InProcessBus();
  return {
    dir,
    store,
    bus,
    dispose: async () => {
      await bus.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

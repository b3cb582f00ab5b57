// Preloaded with `node --import` by deploy/check/manifest_env.ts: replaces process.env with a
// proxy that records every variable name the process looks up, with where the lookup came from
// ("own": a file under ADA_ENV_RECORD_OWN outside node_modules, the compiled service; "other":
// Node itself or an npm package). One line per (origin, name), appended as it happens, so the
// record survives a process that exits or is killed during start-up.
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const out = process.env.ADA_ENV_RECORD;
const own = process.env.ADA_ENV_RECORD_OWN;
const self = fileURLToPath(import.meta.url);
if (out && own) {
  const seen = new Set();
  const origin = () => {
    const holder = {};
    Error.captureStackTrace(holder, origin);
    for (const line of String(holder.stack).split('\n').slice(1)) {
      const m = /\(?((?:file:\/\/)?\/[^()]*?):\d+:\d+\)?$/.exec(line.trim());
      if (!m) continue;
      const file = m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1];
      if (file === self) continue;
      return file.startsWith(own) && !file.includes('/node_modules/') ? 'own' : 'other';
    }
    return 'other';
  };
  const record = (key) => {
    if (typeof key !== 'string' || key.startsWith('ADA_ENV_RECORD')) return;
    const entry = `${origin()}\t${key}`;
    if (seen.has(entry)) return;
    seen.add(entry);
    appendFileSync(out, `${entry}\n`);
  };
  const env = process.env;
  process.env = new Proxy(env, {
    get(target, key) {
      record(key);
      return Reflect.get(target, key);
    },
    has(target, key) {
      record(key);
      return Reflect.has(target, key);
    },
  });
}

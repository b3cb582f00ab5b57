import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The SDL of the gateway, `gateway/schema.graphql` (read once per call). */
export function loadTypeDefs(): string {
  return readFileSync(
    join(dirname(fileURLToPath(import.meta.url)), '..', 'schema.graphql'),
    'utf8',
  );
}

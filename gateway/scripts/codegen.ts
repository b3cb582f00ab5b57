/**
 * Writes `src/generated/resolvers.ts` from `schema.graphql`. With `--check` it writes nothing and
 * exits 1 when the committed file differs from what the schema generates (the gateway's test
 * `scripts/codegen.test.ts` does the same check in CI: a schema change without regenerated types
 * fails).
 *
 * ```sh
 * npm run codegen -w @ada/gateway          # regenerate
 * npm run codegen:check -w @ada/gateway    # fail when stale
 * ```
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateResolverTypes, RESOLVERS_PATH } from './generate_types.ts';

async function main(): Promise<void> {
  const text = await generateResolverTypes();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(RESOLVERS_PATH, 'utf8');
    } catch {
      current = '';
    }
    if (current !== text) {
      process.stderr.write(
        `gateway/src/generated/resolvers.ts is stale: run 'npm run codegen -w @ada/gateway' and commit it\n`,
      );
      process.exit(1);
    }
    process.stdout.write('gateway/src/generated/resolvers.ts is up to date\n');
    return;
  }
  mkdirSync(dirname(RESOLVERS_PATH), { recursive: true });
  writeFileSync(RESOLVERS_PATH, text);
  process.stdout.write(`wrote ${RESOLVERS_PATH}\n`);
}

await main();

/**
 * The TypeScript types of the schema and of its resolvers, generated from `schema.graphql` by
 * GraphQL Code Generator's `typescript` and `typescript-resolvers` plugins and formatted with the
 * repository's Prettier settings: what `src/generated/resolvers.ts` must hold.
 *
 * ```ts
 * const text = await generateResolverTypes();
 * text === readFileSync(RESOLVERS_PATH, 'utf8');   // false: the committed file is stale
 * ```
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codegen } from '@graphql-codegen/core';
import * as typescriptPlugin from '@graphql-codegen/typescript';
import * as resolversPlugin from '@graphql-codegen/typescript-resolvers';
import { parse } from 'graphql';
import { format, resolveConfig } from 'prettier';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaPath = join(root, 'schema.graphql');
export const RESOLVERS_PATH = join(root, 'src', 'generated', 'resolvers.ts');

const HEADER = `// Generated from gateway/schema.graphql by gateway/scripts/codegen.ts; do not edit.
// Regenerate with \`npm run codegen -w @ada/gateway\`.
/* eslint-disable */
`;

const config = {
  scalars: { DateTime: 'string', JSON: 'unknown' },
  useTypeImports: true,
  enumsAsTypes: true,
  contextType: '../context.ts#GatewayContext',
  mappers: {
    Experiment: '../views.ts#ExperimentView',
    Run: '../views.ts#RunView',
    Artifact: '../views.ts#ArtifactView',
    Checkpoint: '../views.ts#CheckpointView',
    RunUpdate: '../views.ts#RunUpdateView',
  },
  avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
  maybeValue: 'T | null',
};

export async function generateResolverTypes(): Promise<string> {
  // Only a parsed document crosses into the plugins (they may load another copy of graphql-js).
  const output = await codegen({
    filename: RESOLVERS_PATH,
    schema: parse(readFileSync(schemaPath, 'utf8')),
    documents: [],
    config,
    plugins: [{ typescript: {} }, { typescriptResolvers: {} }],
    pluginMap: { typescript: typescriptPlugin, typescriptResolvers: resolversPlugin },
  });
  const options = (await resolveConfig(RESOLVERS_PATH)) ?? {};
  return format(`${HEADER}${output}`, { ...options, filepath: RESOLVERS_PATH });
}

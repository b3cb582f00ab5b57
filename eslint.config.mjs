import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// What an application (the `ada` command) may use: every layer below it.
const BELOW_APPS = [
  'type:ui',
  'type:gateway',
  'type:service',
  'type:domain',
  'type:infra',
  'type:contracts',
  'type:util',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  prettier,
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', '**/fixtures/**', 'cli/bin/**'],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: false },
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:util'],
            },
            {
              sourceTag: 'type:infra',
              onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:util'],
            },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:infra',
                'type:contracts',
                'type:util',
              ],
            },
            {
              sourceTag: 'type:service',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:infra',
                'type:contracts',
                'type:util',
              ],
            },
            {
              sourceTag: 'type:gateway',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:infra',
                'type:contracts',
                'type:util',
                'type:ui',
              ],
            },
            // The web dashboard: only pure helpers (figures); it reaches the platform through
            // the public GraphQL API, never through domain or infra code.
            { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: BELOW_APPS },
            // Benchmarks and deploy tooling drive everything but test code; nothing imports them.
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:app', ...BELOW_APPS] },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:app', ...BELOW_APPS, 'type:testing'],
            },
            // Scopes. compute: the tensor backends, below everything, import no other scope.
            { sourceTag: 'scope:compute', onlyDependOnLibsWithTags: ['scope:compute'] },
            // platform plumbing (bus, store, records, contracts, errors, their helpers) never
            // imports ML or compute code: messaging and storage work without TensorFlow.
            ...['type:infra', 'type:contracts', 'type:util'].map((type) => ({
              allSourceTags: ['scope:platform', type],
              onlyDependOnLibsWithTags: ['scope:platform'],
            })),
            // The gateway reads run records and events and sends commands; it runs no ML code.
            {
              allSourceTags: ['scope:platform', 'type:gateway'],
              notDependOnLibsWithTags: ['scope:ml', 'scope:compute'],
            },
            // Pure ML helpers (datasets, figures) stand alone: no backend, no platform code.
            {
              allSourceTags: ['scope:ml', 'type:util'],
              onlyDependOnLibsWithTags: ['scope:ml'],
            },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']",
          message: 'No focused tests.',
        },
      ],
    },
  },
];

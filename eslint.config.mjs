import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureLibraryRule = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['@nestjs/*'], message: 'libs/k8s, libs/policy and libs/reports are pure: no NestJS imports.' },
        { group: ['@prisma/*', '#db'], message: 'libs/k8s, libs/policy and libs/reports are pure: no Prisma or database imports.' },
        { group: ['**/apps/**'], message: 'Libraries never import applications.' },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'libs/db/src/generated/**', '.pullwise/**', 'apps/console/src/api/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through AppConfig (apps/api/src/config).' }],
    },
  },
  // Entry points and tooling may read the environment.
  { files: ['apps/api/src/main.ts', 'apps/cli/**', 'libs/db/src/migrate-cli.ts', 'scripts/**', 'test/**', '*.config.*', '**/*.spec.ts', 'bench/**'], rules: { 'no-restricted-properties': 'off' } },
  { files: ['libs/k8s/**/*.ts', 'libs/policy/**/*.ts', 'libs/reports/**/*.ts'], rules: pureLibraryRule },
  // Nest resolves constructor parameters from emitted metadata: a type-only import would erase the class.
  { files: ['apps/api/**/*.ts'], rules: { '@typescript-eslint/consistent-type-imports': 'off' } },
  { files: ['**/*.spec.ts', 'test/**/*.ts'], rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' } },
);

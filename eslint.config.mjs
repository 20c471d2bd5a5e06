import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'test-output/**', 'public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration from src/config only.',
        },
      ],
    },
  },
  {
    files: ['src/config/**', 'test/**', 'scripts/**', '*.config.*', 'ecosystem.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  // The import rules of STYLE.md ("The layout we want"): data flows one way, schemas/ owns the wire
  // contract, the emulator is a separate test double, and each services/* folder has one front door.
  {
    files: ['src/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['src/services/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)services/[a-z-]+/.+',
              message: 'Import a services/* folder through its index.ts only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'src/schemas/**',
      'src/errors/**',
      'src/logging/**',
      'src/stores/**',
      'src/fhir/**',
      'src/http/**',
      'src/config/**',
      'src/demo/**',
      'src/utils/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(services|routes|controllers|middleware)(/|$)',
              message: 'A lower layer imports nothing from services/, routes/, controllers/ or middleware/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/emulator/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(\\.\\./)*(services|routes|controllers)(/|$)',
              message: 'The emulator imports nothing from routes/, controllers/ or services/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/services/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(\\.\\./)+(routes|controllers|middleware|emulator)(/|$)',
              message: 'Services are called by routes and controllers, never the other way round.',
            },
            {
              regex: '^\\.\\./[a-z-]+/.+',
              message: 'Import another services/* folder through its index.ts only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

// ESLint flat config: typescript-eslint, Next's rules for app/, layer boundaries, no console in the core.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nextPlugin from '@next/eslint-plugin-next';
import prettier from 'eslint-config-prettier/flat';
import globals from 'globals';

const frameworkImports = {
  patterns: [
    {
      group: ['next', 'next/*', 'react', 'react-dom', '@trpc/*'],
      message: 'server/ is framework-free: keep framework code in app/ or server/trpc/.',
    },
    { group: ['@modelcontextprotocol/*'], message: 'Keep MCP SDK imports inside mcp/.' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.next/',
      'dist/',
      'data/',
      'bench/results/',
      'test-results/',
      'playwright-report/',
      'next-env.d.ts',
      '.tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: true },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['server/**/*.ts', 'mcp/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['server/**/*.ts'],
    ignores: ['server/trpc/**', '**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', frameworkImports] },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    plugins: { '@next/next': nextPlugin },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
    },
  },
  {
    // Playwright fixtures must destructure their (empty) dependencies.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  prettier,
);

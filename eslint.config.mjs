// ESLint flat config: typescript-eslint, Next's rules for app/, the layer rule, no console in the core.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nextPlugin from '@next/eslint-plugin-next';
import prettier from 'eslint-config-prettier/flat';
import globals from 'globals';

// The layer rule: imports point down only.
//   app -> server/trpc -> server/tools -> server/{probes,diagnosis,recorder,explorer,metrics,demo}
//   -> server/{mqtt,analysis,store} -> server/{config,logger,errors,redact}; mcp -> server/core|tools.
// analysis and diagnosis are pure (no sessions, store or I/O). Tests (*.test.ts) are exempt: they
// may reach harnesses and fixtures across layers. test/lint-layers.test.ts proves the rules bite.
const TESTS = ['**/*.test.ts', '**/*.test.tsx'];

/** Framework packages server/ never imports (server/trpc may use @trpc). */
const noFrameworks = [
  {
    group: ['next', 'next/*', 'react', 'react/*', 'react-dom', 'react-dom/*'],
    message: 'server/ is framework-free: keep framework code in app/.',
  },
  { group: ['@modelcontextprotocol/*'], message: 'Keep MCP SDK imports inside mcp/.' },
];
const noTrpc = { group: ['@trpc/*'], message: 'Keep @trpc imports inside server/trpc/.' };

/**
 * Imports of these parts of server/ (folders or top-level modules) from a file `depth` folders
 * below server/: `@/server/<part>` or exactly `depth` steps up then `<part>` (deeper files: at
 * least that many), so a sibling file of the same name (store/metrics.ts) is not mistaken.
 */
function serverParts(parts, message, depth) {
  const up = depth === 0 ? '\\./' : `(\\.\\./){${depth}${depth >= MAX_DEPTH ? ',' : ''}}`;
  return { regex: `^(@/server/|${up})(${parts.join('|')})(/|$)`, message };
}

/** Packages that do I/O: the pure layers import none of them. */
const noIo = {
  regex:
    '^((node:)?(fs|net|tls|http|https|http2|dgram|dns|child_process|worker_threads)|mqtt|better-sqlite3|aedes|pino)(/|$)',
  message: 'this layer is pure: no I/O, broker client, database or logger.',
};

const ADAPTERS = ['trpc', 'http', 'hub', 'core', 'readiness'];
const SERVICES = ['tools', 'probes', 'diagnosis', 'recorder', 'explorer', 'metrics', 'demo'];
const BELOW_SERVICES = ['mqtt', 'analysis', 'store'];

const MAX_DEPTH = 4;

/** The one module of server/ that app/ pages may import (its type only). */
const APP_ROUTER = 'trpc/routers/_app';

/** A folder's (or top-level files') allowed imports: no frameworks, no part of server/ above it. */
function layer(folder, forbidden, message, extra = []) {
  const rule = (depth) => ({
    'no-restricted-imports': [
      'error',
      { patterns: [...noFrameworks, noTrpc, serverParts(forbidden, message, depth), ...extra] },
    ],
  });
  if (folder.endsWith('.ts')) return [{ files: [folder], rules: rule(0) }];
  // The deepest (catch-all) glob first: a later, exact-depth object overrides it.
  return [MAX_DEPTH, ...Array.from({ length: MAX_DEPTH - 1 }, (_, i) => i + 1)].map((depth) => ({
    files: [`${folder}/${depth === MAX_DEPTH ? '**/' : '*/'.repeat(depth - 1)}*.ts`],
    ignores: TESTS,
    rules: rule(depth),
  }));
}

const layers = [
  {
    files: ['server/**/*.ts'],
    ignores: ['server/trpc/**', ...TESTS],
    rules: { 'no-restricted-imports': ['error', { patterns: [...noFrameworks, noTrpc] }] },
  },
  {
    files: ['server/trpc/**/*.ts'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { patterns: noFrameworks }] },
  },
  ...layer(
    'server/core.ts',
    ['trpc', 'http', 'hub', 'readiness'],
    'core is below the hub and its adapters.',
  ),
  ...layer(
    'server/tools',
    ADAPTERS,
    'server/tools is below the adapters: no trpc, http, hub, core or readiness.',
  ),
  ...layer(
    'server/{probes,recorder,explorer,metrics,demo}',
    [...ADAPTERS, 'tools'],
    'this folder is below server/tools and the adapters.',
  ),
  ...layer(
    'server/diagnosis',
    [...ADAPTERS, ...SERVICES.filter((s) => s !== 'diagnosis'), 'mqtt', 'store'],
    'server/diagnosis is pure: it may use server/analysis, never sessions, probes, store or adapters.',
    [noIo],
  ),
  ...layer(
    'server/analysis',
    [...ADAPTERS, ...SERVICES, 'mqtt', 'store'],
    'server/analysis is pure: no sessions, probes, tools, store or adapters.',
    [noIo],
  ),
  ...layer(
    'server/mqtt',
    [...ADAPTERS, ...SERVICES, 'analysis', 'store'],
    'server/mqtt keeps sessions and transport: no analysis, probes, tools, store or adapters.',
  ),
  ...layer(
    'server/store',
    [...ADAPTERS, ...SERVICES],
    'server/store is below the tools: no probes, tools, explorer or adapters.',
  ),
  ...layer(
    'server/http',
    [...ADAPTERS.filter((a) => a !== 'http'), ...SERVICES, ...BELOW_SERVICES],
    'server/http takes what it needs as arguments: it imports only the base modules.',
  ),
  ...layer(
    'server/{config,logger,errors,redact}.ts',
    [...ADAPTERS, ...SERVICES, ...BELOW_SERVICES],
    'the base modules import nothing else of server/.',
  ),
  {
    files: ['mcp/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noFrameworks[0],
            noTrpc,
            {
              regex: '^(@/|(\\.\\./)+)(app|server/(trpc|http|hub|readiness))(/|$)',
              message: 'mcp/ is an adapter over server/core and server/tools.',
            },
          ],
        },
      ],
    },
  },
  {
    // Pages and components reach server/ through tRPC: they import the router's type and nothing
    // else of server/ (every view type is inferred from it: app/_trpc/types.ts); their tests too.
    files: ['app/**/*.{ts,tsx}'],
    ignores: ['app/api/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(@/|(\\.\\./)+)server(/(?!${APP_ROUTER}$)|$)`,
              message: `app/ imports nothing of server/ but the type of the tRPC router (server/${APP_ROUTER}).`,
            },
            {
              regex: `^(@/|(\\.\\./)+)server/${APP_ROUTER}$`,
              allowTypeImports: true,
              message: 'app/ imports only the type of the tRPC router: data comes through tRPC.',
            },
            { regex: '^(@/|(\\.\\./)+)mcp(/|$)', message: 'app/ pages never import mcp/.' },
            noFrameworks[1],
          ],
        },
      ],
    },
  },
  {
    // Route handlers are the thin server entry: the hub, the HTTP policy, config and the two
    // adapters (tRPC, MCP over HTTP); never the tools, sessions or store directly.
    files: ['app/api/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(@/|(\\.\\./)+)server/(${[...SERVICES, ...BELOW_SERVICES, 'core'].join('|')})(/|$)`,
              message:
                'a route handler goes through the hub and the adapters, not the tools, sessions or store.',
            },
            noFrameworks[1],
          ],
        },
      ],
    },
  },
];

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
  ...layers,
  {
    // Pages and tools get their types from the registry and the router: no double cast hides a gap.
    files: ['app/**/*.{ts,tsx}', 'server/tools/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSAsExpression > TSAsExpression.expression > TSUnknownKeyword.typeAnnotation',
          message:
            'no `as unknown as` here: take the type from the tool schema or the tRPC router.',
        },
      ],
    },
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

// The layer rules of eslint.config.mjs bite: planted imports and double casts fail, legal code passes.
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const RULE = 'no-restricted-imports';

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** Lints `code` as if it were the file `path` (relative to the repository root). */
async function lint(path: string, code: string): Promise<ESLint.LintResult> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, path) });
  if (!result) throw new Error(`no lint result for ${path}`);
  return result;
}

/** A module that imports `what` from `from` and uses it, so no other rule complains. */
function importing(from: string, what = 'x', asType = false): string {
  return asType
    ? `import type { ${what} } from '${from}';\nexport type T = ${what};\n`
    : `import { ${what} } from '${from}';\nexport const y = ${what};\n`;
}

const violations: Array<[string, string, string]> = [
  ['analysis imports a session', 'server/analysis/planted.ts', importing('../mqtt/session')],
  [
    'analysis imports a session type',
    'server/analysis/planted.ts',
    importing('../mqtt/session', 'Session', true),
  ],
  ['analysis imports the broker client', 'server/analysis/planted.ts', importing('mqtt')],
  ['analysis reads files', 'server/analysis/planted.ts', importing('node:fs', 'readFileSync')],
  ['analysis imports the store', 'server/analysis/planted.ts', importing('../store/store')],
  ['analysis imports a probe', 'server/analysis/planted.ts', importing('../probes/loopback')],
  [
    'a detector imports the store',
    'server/diagnosis/detectors/planted.ts',
    importing('../../store/store'),
  ],
  ['diagnosis imports a session', 'server/diagnosis/planted.ts', importing('../mqtt/session')],
  ['mqtt imports analysis', 'server/mqtt/planted.ts', importing('../analysis/stats')],
  ['mqtt imports a probe', 'server/mqtt/planted.ts', importing('../probes/sys-watch')],
  ['mqtt imports a tool', 'server/mqtt/planted.ts', importing('../tools/index')],
  ['a tool imports tRPC', 'server/tools/planted.ts', importing('../trpc/init')],
  ['a tool imports the hub', 'server/tools/planted.ts', importing('../hub', 'Hub', true)],
  ['a tool folder imports http', 'server/tools/planted/index.ts', importing('../../http/auth')],
  ['the kit imports the core', 'server/tools/kit/planted.ts', importing('../../core')],
  ['a probe imports a tool', 'server/probes/planted.ts', importing('../tools/kit/schemas')],
  ['the store imports the tool kit', 'server/store/planted.ts', importing('../tools/kit/profiles')],
  ['http imports the hub', 'server/http/planted.ts', importing('../hub', 'Hub', true)],
  ['the config imports a session', 'server/config.ts', importing('./mqtt/session')],
  ['server imports next', 'server/mqtt/planted.ts', importing('next/server', 'NextResponse')],
  ['server imports react', 'server/store/planted.ts', importing('react', 'useState')],
  ['server imports @trpc', 'server/tools/planted.ts', importing('@trpc/server', 'TRPCError')],
  [
    'server imports the MCP SDK',
    'server/core.ts',
    importing('@modelcontextprotocol/sdk/types.js', 'ErrorCode'),
  ],
  [
    'server/trpc imports the MCP SDK',
    'server/trpc/planted.ts',
    importing('@modelcontextprotocol/sdk/types.js', 'ErrorCode'),
  ],
  ['mcp imports tRPC routers', 'mcp/planted.ts', importing('../server/trpc/init')],
  ['mcp imports the hub', 'mcp/planted.ts', importing('@/server/hub', 'getHub')],
  ['a page imports the hub', 'app/_components/planted.tsx', importing('@/server/hub', 'getHub')],
  [
    'a page imports a type of a tool',
    'app/explorer/_components/planted.tsx',
    importing('@/server/tools/index', 'ToolName', true),
  ],
  [
    'a page imports a store type by a relative path',
    'app/activity/_components/planted.ts',
    importing('../../../server/store/journal', 'JournalEntry', true),
  ],
  [
    'a page imports the router itself (a value)',
    'app/_trpc/planted.ts',
    importing('@/server/trpc/routers/_app', 'appRouter'),
  ],
  [
    'a page imports a type of another router',
    'app/_trpc/planted.ts',
    importing('@/server/trpc/routers/tools', 'ToolRunEvent', true),
  ],
  ['a page imports mcp/', 'app/setup/planted.tsx', importing('@/mcp/http', 'x')],
  [
    "a page's test imports the registry",
    'app/_components/tool-run/planted.test.ts',
    importing('../../../server/tools/index', 'toolRegistry'),
  ],
  [
    'a route handler imports a tool',
    'app/api/planted/route.ts',
    importing('@/server/tools/index', 'toolRegistry'),
  ],
  [
    'a route handler imports the sessions',
    'app/api/planted/route.ts',
    importing('../../../server/mqtt/session-manager', 'SessionManager'),
  ],
];

const legal: Array<[string, string, string]> = [
  ['a tool imports a probe', 'server/tools/planted.ts', importing('../probes/loopback')],
  [
    'a tool folder imports the kit',
    'server/tools/planted/index.ts',
    importing('../kit/define-tool'),
  ],
  ['a probe imports analysis', 'server/probes/planted.ts', importing('../analysis/round-trip')],
  [
    'a detector imports analysis',
    'server/diagnosis/detectors/x.ts',
    importing('../../analysis/stats'),
  ],
  ['mqtt imports its siblings', 'server/mqtt/planted.ts', importing('./topics')],
  ['the store imports its metrics module', 'server/store/planted.ts', importing('./metrics')],
  [
    'the store imports connection strings',
    'server/store/planted.ts',
    importing('../mqtt/connection-string'),
  ],
  ['server/trpc imports @trpc', 'server/trpc/planted.ts', importing('@trpc/server', 'TRPCError')],
  [
    'mcp imports the SDK and the core',
    'mcp/planted.ts',
    importing('../server/core', 'Core', true) +
      importing('@modelcontextprotocol/sdk/types.js', 'ErrorCode'),
  ],
  [
    'a page imports the router type',
    'app/_components/planted.tsx',
    importing('@/server/trpc/routers/_app', 'AppRouter', true),
  ],
  [
    'a page in a route group imports the router type by a relative path',
    'app/(connections)/_components/planted.tsx',
    importing('../../../server/trpc/routers/_app', 'AppRouter', true),
  ],
  [
    'a route handler imports the hub and the tRPC router',
    'app/api/planted/route.ts',
    "import { getHub } from '@/server/hub';\nimport { appRouter } from '@/server/trpc/routers/_app';\nexport const y = [getHub, appRouter];\n",
  ],
  [
    'a unit test beside analysis uses a harness across layers',
    'server/analysis/planted.test.ts',
    importing('../mqtt/session'),
  ],
];

describe('the layer rule (eslint.config.mjs)', () => {
  it.each(violations)('fails when %s', async (_name, path, code) => {
    const result = await lint(path, code);
    const rules = result.messages.map((m) => m.ruleId);
    expect(rules).toContain(RULE);
    expect(result.messages.every((m) => m.ruleId === RULE && m.severity === 2)).toBe(true);
  });

  it.each(legal)('passes when %s', async (_name, path, code) => {
    const result = await lint(path, code);
    expect(result.messages).toEqual([]);
  });
});

const DOUBLE_CAST = 'export const y = (1 as unknown as string).length;\n';

describe('no double cast in app/ and server/tools/ (eslint.config.mjs)', () => {
  it.each([
    ['a component', 'app/_components/planted.tsx'],
    ['a page test', 'app/explorer/_components/planted.test.ts'],
    ['a tool', 'server/tools/planted.ts'],
    ['a tool test', 'server/tools/kit/planted.test.ts'],
  ])('fails in %s', async (_name, path) => {
    const result = await lint(path, DOUBLE_CAST);
    expect(result.messages.map((m) => m.ruleId)).toEqual(['no-restricted-syntax']);
  });

  it('passes elsewhere (an SDK adapter may need one)', async () => {
    expect((await lint('server/mqtt/planted.ts', DOUBLE_CAST)).messages).toEqual([]);
  });
});

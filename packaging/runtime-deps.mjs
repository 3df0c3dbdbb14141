// Adds the packages the stdio MCP bundle imports to a runtime node_modules and checks the whole set.
//
// Why not `npm ci --omit=dev`: the production tree holds next with its SWC binary, sharp and
// every console dependency (hundreds of MB); the hub already has what it needs in Next's traced
// standalone node_modules. Why not the traced set alone: Turbopack bundles the SDK, zod and mqtt
// into server chunks, so dist/mcp/stdio.js (bridge and standalone mode) would find none of them.
// So: read the bundle's bare imports, take their dependency closure from package-lock.json, and
// copy those packages (whole, minus type declarations, source maps and native build leftovers)
// from SRC/node_modules over the standalone tree. Same lockfile, same paths, same versions.
//
// Usage: node packaging/runtime-deps.mjs SRC OUT
import { cpSync, existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Entry of the runtime set whose imports (it loads dist/mcp/stdio.js) resolve from OUT/node_modules. */
export const MCP_ENTRY = 'bin/mqtt-mcp.js';

/** Packages that must never be in the runtime set. */
export const FORBIDDEN = [/^sharp$/, /^@img\//];

const BUILTINS = new Set(builtinModules);

/** The package name of a bare specifier (`@scope/name/sub.js` -> `@scope/name`), or null. */
export function packageName(spec) {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) return null;
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return BUILTINS.has(name) ? null : name;
}

/**
 * Package names the module graph of `entry` imports (static, dynamic with a literal, require),
 * read from esbuild's metafile: the same bundler that made dist/mcp/stdio.js, resolved from SRC.
 */
export async function bareImports(entry, src) {
  const esbuild = await import(createRequire(join(src, 'package.json')).resolve('esbuild'));
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  });
  const found = new Set();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imp of input.imports) {
      const name = imp.external ? packageName(imp.path) : null;
      if (name) found.add(name);
    }
  }
  return [...found].sort();
}

/** Where Node would find package `name` from lockfile location `from` ('' is the project root). */
export function resolveInLock(packages, from, name) {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return null;
    const i = base.lastIndexOf('/node_modules/');
    base = i === -1 ? '' : base.slice(0, i);
  }
}

/**
 * Lockfile locations of `roots` and everything they depend on (dependencies, optional and peer
 * dependencies that are installed), skipping type-only `@types/*` packages.
 */
export function dependencyClosure(packages, roots, installed) {
  const seen = new Set();
  const queue = roots.map((name) => {
    const loc = resolveInLock(packages, '', name);
    if (!loc || !installed(loc)) throw new Error(`${name} is not installed (package-lock.json)`);
    return loc;
  });
  while (queue.length > 0) {
    const loc = queue.pop();
    if (seen.has(loc)) continue;
    seen.add(loc);
    const entry = packages[loc];
    const required = Object.keys(entry.dependencies ?? {});
    const optional = [
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}),
    ];
    for (const name of [...required, ...optional]) {
      if (name.startsWith('@types/')) continue;
      const dep = resolveInLock(packages, loc, name);
      if (dep && installed(dep)) {
        queue.push(dep);
      } else if (required.includes(name)) {
        throw new Error(`${loc} depends on ${name}, which is not installed`);
      }
    }
  }
  return [...seen].sort();
}

const DECLARATION_OR_MAP = /\.(d\.ts|d\.mts|d\.cts|map)$/;

function copyPackage(src, out, loc) {
  const from = join(src, loc);
  const nested = join(from, 'node_modules');
  cpSync(from, join(out, loc), {
    recursive: true,
    force: true,
    verbatimSymlinks: true,
    filter: (path) => path !== nested && !DECLARATION_OR_MAP.test(path),
  });
  // A native addon needs only its compiled .node files; the C sources and objects stay behind.
  const pkg = join(out, loc);
  if (!existsSync(join(pkg, 'binding.gyp'))) return;
  const build = join(pkg, 'build');
  if (existsSync(build)) {
    for (const file of walk(build)) {
      if (!file.endsWith('.node')) rmSync(file, { force: true });
    }
  }
  for (const dir of ['deps', 'src']) {
    const path = join(pkg, dir);
    if (existsSync(path) && !walk(path).some((f) => /\.(js|mjs|cjs|json|node)$/.test(f))) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

function walk(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(path));
    else files.push(path);
  }
  return files;
}

/** Lockfile-style locations (`node_modules/a/node_modules/@s/b`) of the packages under `root`. */
export function installedPackages(root, base = 'node_modules') {
  const dir = join(root, base);
  if (!existsSync(dir)) return [];
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const names = entry.name.startsWith('@')
      ? readdirSync(join(dir, entry.name)).map((n) => `${entry.name}/${n}`)
      : [entry.name];
    for (const name of names) {
      const loc = `${base}/${name}`;
      if (!existsSync(join(root, loc, 'package.json'))) continue;
      found.push(loc, ...installedPackages(root, `${loc}/node_modules`));
    }
  }
  return found;
}

/** Problems with a runtime set: dev or forbidden packages, symlinks that are absolute or leave it. */
export function checkRuntime(out, packages) {
  const problems = [];
  for (const loc of installedPackages(out)) {
    const name = loc.slice(loc.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const entry = packages[loc];
    if (!entry) problems.push(`${loc} is not in package-lock.json`);
    else if (entry.dev) problems.push(`${loc} is a dev dependency`);
    if (FORBIDDEN.some((re) => re.test(name))) problems.push(`${loc} must not be in the runtime`);
  }
  const links = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        const target = readlinkSync(path);
        const resolved = resolve(dirname(path), target);
        if (isAbsolute(target)) problems.push(`${relative(out, path)} -> ${target} is absolute`);
        else if (!resolved.startsWith(out + sep)) {
          problems.push(`${relative(out, path)} -> ${target} leaves the runtime set`);
        } else if (!existsSync(resolved)) {
          problems.push(`${relative(out, path)} -> ${target} is dangling`);
        }
      } else if (entry.isDirectory()) links(path);
    }
  };
  links(out);
  return problems;
}

async function main(argv) {
  if (argv.length !== 2) {
    process.stderr.write('usage: node packaging/runtime-deps.mjs SRC OUT\n');
    process.exit(2);
  }
  const [src, out] = argv.map((p) => resolve(p));
  const pkg = JSON.parse(readFileSync(join(src, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(join(src, 'package-lock.json'), 'utf8'));
  const packages = lock.packages ?? {};
  const roots = await bareImports(join(out, MCP_ENTRY), src);
  const notProd = roots.filter((name) => !pkg.dependencies?.[name]);
  if (notProd.length > 0) {
    throw new Error(
      `the stdio MCP bundle imports ${notProd.join(', ')}, not in package.json "dependencies": ` +
        'move it there (the image installs no dev dependencies)',
    );
  }
  const installed = (loc) => existsSync(join(src, loc, 'package.json'));
  const closure = dependencyClosure(packages, roots, installed);
  for (const loc of closure) copyPackage(src, out, loc);
  const problems = checkRuntime(out, packages);
  if (problems.length > 0) throw new Error(`runtime set check failed:\n  ${problems.join('\n  ')}`);
  process.stderr.write(
    `runtime-deps: the stdio bundle imports ${roots.join(', ')}; ` +
      `${closure.length} packages added to ${join(out, 'node_modules')}\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`runtime-deps: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

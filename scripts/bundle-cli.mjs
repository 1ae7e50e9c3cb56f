#!/usr/bin/env node
// Bundles the compiled CLI (dist/main/cli, from `tsc`) into dist/cli/: index.js (the commands and
// their options, nothing else) and one file per action module, holding all the code of ours that
// command runs. Node 20's ESM loader spends about a millisecond resolving, reading and linking
// each module; a `hubkeeper pull` loaded ~600 of them (0.4 s of CPU), and through the folders'
// index.ts files it loaded code it never runs (the catalog, the download engine). Packages in
// node_modules stay external but for a few (see BUNDLED_PACKAGES). dist/cli/ sits as deep as dist/main/, so paths built from
// import.meta.url ('../../') still reach the package root.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const source = `${root}dist/main/cli`;
const outdir = `${root}dist/cli`;
/**
 * Pure JavaScript packages of many small files are bundled too (zod alone is 95 modules); the
 * others stay in node_modules: better-sqlite3 (native), undici (loaded by import() where needed).
 */
const BUNDLED_PACKAGES = new Set(['zod', 'commander', 'cli-progress', 'picomatch']);
const packagesApart = {
  name: 'hubkeeper-packages-apart',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (BUNDLED_PACKAGES.has(packageName(args.path)) ? undefined : { path: args.path, external: true }));
  },
};

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

const common = {
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // The bundled CommonJS packages require node's modules.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
};

/** The command files import their actions with import('./x-actions.js'): left as is, it loads dist/cli/x-actions.js. */
const actionsApart = {
  name: 'hubkeeper-actions-apart',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
  },
};

/**
 * Our modules do nothing when loaded but declare (zod schemas, constants, classes), so a module
 * none of whose exports a command uses is left out with the packages only it imports.
 */
const sideEffectFree = {
  name: 'hubkeeper-side-effect-free',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.?\// }, (args) => (args.kind === 'import-statement' ? { path: join(args.resolveDir, args.path), sideEffects: false } : undefined));
  },
};

rmSync(outdir, { recursive: true, force: true });
const actions = readdirSync(source).filter((name) => /-actions?\.js$/.test(name) && name !== 'lazy-action.js').map((name) => `${source}/${name}`);
await Promise.all([
  build({ ...common, entryPoints: [`${source}/index.js`], plugins: [actionsApart, packagesApart] }),
  build({ ...common, entryPoints: actions, plugins: [sideEffectFree, packagesApart] }),
]);

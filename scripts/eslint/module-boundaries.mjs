// The modules of src/main, what each may import, and where each third-party package lives: the
// one list the ESLint rule below enforces (see docs/architecture.md and ../shared/DESIGN.md).
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * Each module of src/main (a folder, or one of the root files named without `.ts`) and the
 * modules it may import. `shared` (src/shared) is open to every module; nothing may import
 * src/renderer. Layers from the top: cli, electron -> core -> hub, git, app-api -> http;
 * sync -> catalog -> download, cache, watch -> store, accounts, credentials, settings ->
 * transfer, upstream, jobs, archive -> files, db, and the base files (config, logger, ...).
 */
export const MODULES = {
  'app-info': [],
  'native-binding': [],
  config: ['app-info'],
  logger: ['config'],
  db: [],
  files: [],
  upstream: [],
  jobs: ['db'],
  archive: ['files'],
  transfer: ['upstream', 'files', 'db', 'native-binding'],
  accounts: ['db'],
  credentials: ['upstream', 'files', 'config'],
  settings: ['db', 'config'],
  store: ['db', 'transfer', 'files'],
  cache: ['store', 'transfer', 'files'],
  download: ['cache', 'transfer', 'upstream', 'credentials', 'files', 'jobs', 'archive', 'config', 'app-info'],
  watch: ['cache', 'store', 'files', 'jobs', 'config'],
  catalog: ['download', 'cache', 'store', 'upstream', 'credentials', 'transfer', 'jobs', 'files', 'db', 'config'],
  sync: ['catalog', 'download', 'cache', 'store', 'accounts', 'upstream', 'credentials', 'transfer', 'jobs', 'files', 'db', 'config'],
  http: ['accounts', 'logger', 'config'],
  hub: ['http', 'store', 'accounts', 'app-info', 'native-binding', 'logger', 'config'],
  git: ['http', 'store', 'accounts', 'config', 'logger'],
  'app-api': ['http', 'accounts', 'store', 'cache', 'download', 'jobs', 'settings', 'upstream', 'credentials', 'catalog', 'sync', 'watch', 'config'],
  core: ['app-api', 'hub', 'git', 'http', 'sync', 'catalog', 'watch', 'download', 'cache', 'jobs', 'settings', 'store', 'accounts', 'credentials', 'db', 'logger', 'config', 'app-info'],
  cli: ['core', 'download', 'cache', 'watch', 'credentials', 'accounts', 'store', 'db', 'jobs', 'upstream', 'http', 'sync', 'catalog', 'config', 'app-info'],
  electron: ['core', 'config', 'app-info', 'logger'],
};

/** Packages with one home: only these modules may import them. Others are free to use anywhere in src/main. */
export const PACKAGE_HOMES = {
  'better-sqlite3': ['db'],
  undici: ['upstream', 'transfer'],
  chokidar: ['watch'],
  electron: ['electron'],
  'electron-updater': ['electron'],
  fastify: ['http', 'hub', 'git', 'app-api', 'core'],
  '@fastify/static': ['http'],
  commander: ['cli'],
  'cli-progress': ['cli'],
  pino: ['logger'],
  tar: ['archive'],
  yauzl: ['archive'],
  'xz-decompress': ['archive'],
  react: [],
  'react-dom': [],
  zustand: [],
};

const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
const mainDir = resolve(root, 'src', 'main');
const sharedDir = resolve(root, 'src', 'shared');
const rendererDir = resolve(root, 'src', 'renderer');

/** The module a path of src/main belongs to, with whether the path is the module's index.ts. */
function moduleOf(path) {
  const rel = relative(mainDir, path);
  if (rel.startsWith('..')) return undefined;
  const parts = rel.split(sep);
  if (parts.length === 1) return { name: parts[0].replace(/\.(c|m)?[jt]sx?$/, ''), entrance: true };
  return { name: parts[0], entrance: parts.length === 2 && /^index\.(c|m)?[jt]s$/.test(parts[1]) };
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const isTestFile = (file) => /\.test\.tsx?$/.test(file);

/** The ESLint rule: deep imports into another module, arrows the list above forbids, packages used outside their home. */
export const moduleBoundariesRule = {
  meta: {
    type: 'problem',
    docs: { description: 'src/main modules import each other through index.ts, along the arrows of the design' },
    schema: [],
    messages: {
      deep: "'{{specifier}}' reaches into {{target}}/ past its index.ts; import '{{target}}/index.js' (export what you need there)",
      arrow: "{{source}} may not import {{target}} (allowed: {{allowed}}); see scripts/eslint/module-boundaries.mjs",
      renderer: "src/main never imports the renderer: it talks to the UI over HTTP",
      unknown: "{{source}} is not a module listed in scripts/eslint/module-boundaries.mjs: add it with its allowed imports",
      home: "'{{specifier}}' belongs to {{homes}}; {{source}} may not import it",
    },
  },
  create(context) {
    const file = context.filename;
    const source = moduleOf(file);
    if (source === undefined) return {};
    const test = isTestFile(file);
    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        if (target.startsWith(rendererDir + sep)) return context.report({ node, messageId: 'renderer' });
        if (target === sharedDir || target.startsWith(sharedDir + sep)) return;
        const dest = moduleOf(target);
        if (dest === undefined || dest.name === source.name) return;
        if (!dest.entrance) return context.report({ node, messageId: 'deep', data: { specifier, target: dest.name } });
        if (test) return;
        const allowed = MODULES[source.name];
        if (allowed === undefined) return context.report({ node, messageId: 'unknown', data: { source: source.name } });
        if (!allowed.includes(dest.name)) {
          context.report({ node, messageId: 'arrow', data: { source: source.name, target: dest.name, allowed: allowed.join(', ') || 'shared only' } });
        }
        return;
      }
      if (test || specifier.startsWith('node:')) return;
      const name = packageName(specifier);
      const homes = PACKAGE_HOMES[name];
      if (homes !== undefined && !homes.includes(source.name)) {
        context.report({ node, messageId: 'home', data: { specifier, source: source.name, homes: homes.length > 0 ? homes.join(', ') : 'src/renderer' } });
      }
    }
    const fromSource = (node) => node.source && check(node, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export const moduleBoundariesPlugin = { rules: { 'module-boundaries': moduleBoundariesRule } };

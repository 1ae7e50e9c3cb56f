// The commands that open the hub itself (serve, admin): the only ones that load the core.
import type { Role } from '../accounts/index.js';
import { loadConfig, type ConfigOverrides } from '../config.js';
import { createCore, type Core } from '../core.js';
import { isWildcardHost } from '../http/index.js';
import { renderTable } from './cli-format.js';
import { reportError } from './report-error.js';

interface DataOptions {
  readonly data?: string;
}

interface ServeOptions extends DataOptions {
  readonly host?: string;
  readonly port?: string;
}

interface CreateUserOptions extends DataOptions {
  readonly fullname?: string;
  readonly email?: string;
  readonly admin?: boolean;
}

interface CreateTokenOptions extends DataOptions {
  readonly role: Role;
  readonly name: string;
  readonly value?: string;
}

export async function serve(options: ServeOptions): Promise<void> {
  const config = loadConfig(undefined, overrides(options, { host: options.host, port: options.port }));
  const core = createCore(config);
  let url: string;
  try {
    ({ url } = await core.start());
  } catch (error) {
    await core.stop().catch(() => undefined);
    throw explainListenError(error, config.host, config.port);
  }
  process.stdout.write(`HubKeeper listening on ${url}\n`);
  process.stdout.write(`Sign in to the UI (one-time link): ${core.ui.signInUrl(url)}\n`);
  if (isWildcardHost(config.host)) {
    process.stderr.write('hubkeeper: listening on every network interface; anyone on the network can reach this hub\n');
  }
  stopOnSignals(core);
}

function stopOnSignals(core: Core): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`hubkeeper: ${signal} again, exiting without a clean shutdown\n`);
      process.exit(1);
    }
    stopping = true;
    core.logger.child({ component: 'cli' }).info({ signal }, 'shutting down');
    core.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        reportError(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export async function createUser(name: string, options: CreateUserOptions): Promise<void> {
  await withCore(options, (core) => {
    const user = core.accounts.createUser(name, { fullname: options.fullname, email: options.email ?? null, admin: options.admin === true });
    process.stdout.write(`${user.name}\n`);
  });
}

export async function setAdmin(name: string, options: DataOptions & { readonly off?: boolean }): Promise<void> {
  await withCore(options, (core) => {
    core.accounts.setAdmin(name, options.off !== true);
    process.stdout.write(`${name} is ${options.off === true ? 'no longer an admin' : 'an admin'}\n`);
  });
}

export async function listTokens(user: string | undefined, options: DataOptions & { readonly json?: boolean }): Promise<void> {
  await withCore(options, (core) => {
    const tokens =
      user === undefined ? core.accounts.listAllTokens() : core.accounts.listTokens(user).map((token) => ({ ...token, user }));
    const rows = tokens.map((token) => ({
      id: token.id,
      user: token.user,
      name: token.displayName,
      role: token.role,
      created: token.createdAt.toISOString(),
      lastUsed: token.lastUsedAt?.toISOString() ?? null,
      lastFour: token.lastFour,
    }));
    if (options.json === true) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    process.stdout.write(
      `${renderTable(
        ['ID', 'USER', 'NAME', 'ROLE', 'CREATED', 'LAST USED', 'ENDS WITH'],
        rows.map((row) => [String(row.id), row.user, row.name, row.role, row.created.slice(0, 16).replace('T', ' '), row.lastUsed?.slice(0, 16).replace('T', ' ') ?? '-', row.lastFour === null ? '-' : `…${row.lastFour}`]),
      )}\n`,
    );
  });
}

export async function revokeToken(user: string, idOrName: string, options: DataOptions): Promise<void> {
  await withCore(options, (core) => {
    const token = core.accounts.findToken(user, idOrName);
    core.accounts.revokeToken(user, token.id);
    process.stdout.write(`revoked token ${token.id} "${token.displayName}" of ${user}\n`);
  });
}

export async function createToken(user: string, options: CreateTokenOptions): Promise<void> {
  await withCore(options, (core) => {
    if (options.value !== undefined) {
      const imported = core.accounts.importToken(user, options.value, options.role, options.name);
      process.stdout.write(`imported token ${imported.id} "${imported.displayName}" (${imported.role}) for ${user}\n`);
      return;
    }
    const token = core.accounts.createToken(user, { role: options.role, displayName: options.name });
    process.stdout.write(`${token}\n`);
  });
}

export async function createOrg(name: string, options: DataOptions & { readonly fullname?: string }): Promise<void> {
  await withCore(options, (core) => {
    const org = core.accounts.createOrg(name, options.fullname === undefined ? {} : { fullname: options.fullname });
    process.stdout.write(`${org.name}\n`);
  });
}

export async function addMember(org: string, user: string, options: DataOptions & { readonly role: Role }): Promise<void> {
  await withCore(options, (core) => {
    core.accounts.addMember(org, user, options.role);
    process.stdout.write(`${user} is a member of ${org} (${options.role})\n`);
  });
}

export async function collectGarbage(options: DataOptions & { readonly graceSeconds?: string }): Promise<void> {
  await withCore(options, async (core) => {
    const grace = options.graceSeconds === undefined ? core.config.gcGraceSeconds : Number(options.graceSeconds);
    if (!Number.isFinite(grace) || grace < 0) throw new Error('--grace-seconds must be a non-negative number');
    const report = await core.store.collectGarbage(grace * 1000);
    if (report.deferredForPushes) {
      process.stdout.write('removed nothing: a git push is receiving objects; run it again once the push has finished\n');
      return;
    }
    const { commits, trees, blobs, tags } = report.objectsRemoved;
    process.stdout.write(
      `removed ${commits} commits, ${trees} trees, ${blobs} blobs, ${tags} annotated tags and ${report.blobFilesRemoved} content files (${report.bytesFreed} bytes freed)\n`,
    );
  });
}

export async function checkStore(options: DataOptions & { readonly rehash: boolean }): Promise<void> {
  await withCore(options, async (core) => {
    const report = await core.store.checkIntegrity({ rehash: options.rehash });
    const files = options.rehash ? `, ${report.contentFiles} content files re-hashed` : '';
    process.stdout.write(`checked ${report.commits} commits, ${report.trees} trees, ${report.blobs} blobs${files}\n`);
    for (const problem of report.problems) process.stdout.write(`problem: ${problem}\n`);
    if (report.problems.length > 0) process.exitCode = 1;
  });
}

/** Opens the data directory without listening, runs a task, and closes everything again. */
async function withCore(options: DataOptions, task: (core: Core) => void | Promise<void>): Promise<void> {
  const core = createCore(loadConfig(undefined, overrides(options)));
  try {
    await task(core);
  } finally {
    await core.stop();
  }
}

function overrides(options: DataOptions, extra: ConfigOverrides = {}): ConfigOverrides {
  return { ...extra, ...(options.data === undefined ? {} : { dataDir: options.data }) };
}

function explainListenError(error: unknown, host: string, port: number): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') return new Error(`Port ${port} on ${host} is already in use; pass --port to pick another (0 for any free port)`, { cause: error });
  if (code === 'EADDRNOTAVAIL') return new Error(`Cannot listen on ${host}: no such address on this machine`, { cause: error });
  return error;
}


import { Command, Option } from 'commander';
import { ROLES, type Role } from './accounts/index.js';
import { appVersion } from './app-info.js';
import { registerAuthCommands } from './cli/auth-commands.js';
import { registerCacheCommand } from './cli/cache-command.js';
import { registerDownloadCommand } from './cli/download-command.js';
import { debugRequested, loadConfig, type ConfigOverrides } from './config.js';
import { createCore, type Core } from './core.js';
import { isWildcardHost } from './http/index.js';

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
}

interface CreateTokenOptions extends DataOptions {
  readonly role: Role;
  readonly name: string;
}

/**
 * The `hubkeeper` command. Sets `process.exitCode`; `serve` keeps running until SIGINT/SIGTERM.
 * Errors print one line on stderr (with the stack when HUBKEEPER_DEBUG is set).
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    reportError(error);
    process.exitCode = 1;
  }
}

function buildProgram(): Command {
  const program = new Command('hubkeeper')
    .description('HubKeeper: a local Hugging Face Hub-compatible server and model manager')
    .version(appVersion());

  program
    .command('serve')
    .description('run the hub server until interrupted')
    .option('--data <dir>', 'data directory (default: HUBKEEPER_HOME or the OS app-data folder)')
    .option('--host <host>', 'address to listen on; 0.0.0.0 exposes the hub to the network (default: 127.0.0.1)')
    .option('--port <port>', 'port to listen on; 0 picks a free one')
    .action(serve);

  const admin = program.command('admin').description('manage users and tokens (works whether or not the server runs)');
  admin
    .command('create-user <name>')
    .description('create a user')
    .option('--data <dir>', 'data directory')
    .option('--fullname <text>', 'display name')
    .option('--email <address>', 'email address')
    .action(createUser);
  admin
    .command('create-token <user>')
    .description("create a token for a user and print it (it is not shown again)")
    .option('--data <dir>', 'data directory')
    .addOption(new Option('--role <role>', 'what the token may do').choices(ROLES).default('write'))
    .option('--name <display>', 'a name to recognise the token by', 'cli')
    .action(createToken);
  admin
    .command('gc')
    .description('delete objects and blob files no branch or tag reaches any more (after the grace period)')
    .option('--data <dir>', 'data directory')
    .option('--grace-seconds <n>', 'spare anything younger than this (default: HUBKEEPER_GC_GRACE_SECONDS)')
    .action(collectGarbage);
  admin
    .command('fsck')
    .description('check that every commit, tree, blob and content file reachable from a ref exists and is intact')
    .option('--data <dir>', 'data directory')
    .option('--no-rehash', 'check sizes only, do not re-hash content files')
    .action(checkStore);
  registerDownloadCommand(program);
  registerCacheCommand(program);
  registerAuthCommands(program);
  return program;
}

async function serve(options: ServeOptions): Promise<void> {
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

async function createUser(name: string, options: CreateUserOptions): Promise<void> {
  await withCore(options, (core) => {
    const user = core.accounts.createUser(name, { fullname: options.fullname, email: options.email ?? null });
    process.stdout.write(`${user.name}\n`);
  });
}

async function createToken(user: string, options: CreateTokenOptions): Promise<void> {
  await withCore(options, (core) => {
    const token = core.accounts.createToken(user, { role: options.role, displayName: options.name });
    process.stdout.write(`${token}\n`);
  });
}

async function collectGarbage(options: DataOptions & { readonly graceSeconds?: string }): Promise<void> {
  await withCore(options, async (core) => {
    const grace = options.graceSeconds === undefined ? core.config.gcGraceSeconds : Number(options.graceSeconds);
    if (!Number.isFinite(grace) || grace < 0) throw new Error('--grace-seconds must be a non-negative number');
    const report = await core.store.collectGarbage(grace * 1000);
    const { commits, trees, blobs } = report.objectsRemoved;
    process.stdout.write(
      `removed ${commits} commits, ${trees} trees, ${blobs} blobs and ${report.blobFilesRemoved} content files (${report.bytesFreed} bytes freed)\n`,
    );
  });
}

async function checkStore(options: DataOptions & { readonly rehash: boolean }): Promise<void> {
  await withCore(options, async (core) => {
    const report = await core.store.checkIntegrity({ rehash: options.rehash });
    process.stdout.write(`checked ${report.commits} commits, ${report.trees} trees, ${report.blobs} blobs\n`);
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

function reportError(error: unknown): void {
  if (debugRequested() && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`hubkeeper: ${message.split('\n')[0] ?? 'unknown error'}\n`);
}

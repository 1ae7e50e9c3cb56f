import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Catalog } from '../../src/main/catalog/index.js';
import { loadConfig } from '../../src/main/config.js';
import { endpointTokens, type TokenLookup } from '../../src/main/credentials/index.js';
import { openDatabase, type Db } from '../../src/main/db/index.js';
import { UpstreamClient, type RetryPolicy } from '../../src/main/upstream/index.js';
import { runCliFromSource, type CliResult } from './cli-process.js';
import { tempFolder } from './download-fixtures.js';
import type { Cleanup } from './start-server.js';

export interface TestCatalogOptions {
  /** The data dir: by default a temp folder of its own, named with `prefix`. */
  readonly dataDir?: string;
  readonly prefix?: string;
  /**
   * The database file in the data dir. By default `hub.db`, which no server or CLI on the same
   * data dir opens (they open DATABASE_FILE): pass DATABASE_FILE to share theirs.
   */
  readonly databaseFile?: string;
  /** The hub HF_ENDPOINT names, and its HF_TOKEN: the catalog takes its tokens from credentials. Without it, no token. */
  readonly defaultHub?: { readonly endpoint: string; readonly token: string };
  /** By default no retries, so a failure shows at once. */
  readonly retry?: Partial<RetryPolicy>;
}

export interface TestCatalog {
  readonly catalog: Catalog;
  readonly db: Db;
  readonly client: UpstreamClient;
  readonly dataDir: string;
}

/** The tokens credentials give when HF_ENDPOINT is `endpoint` and HF_TOKEN is `token`, with HF_HOME in `dataDir`. */
export function credentialTokens(dataDir: string, endpoint: string, token: string): TokenLookup {
  return endpointTokens(loadConfig({ HF_ENDPOINT: endpoint, HF_TOKEN: token, HF_HOME: dataDir }, { dataDir }).hf);
}

/** A catalog on a database of its own and an upstream client, both closed when the test ends. */
export async function openTestCatalog(t: Cleanup, options: TestCatalogOptions = {}): Promise<TestCatalog> {
  const dataDir = options.dataDir ?? (await tempFolder(t, options.prefix ?? 'hubkeeper-catalog-'));
  const db = openDatabase(join(dataDir, options.databaseFile ?? 'hub.db'));
  const client = new UpstreamClient({ retry: options.retry ?? { retries: 0 } });
  t.after(async () => {
    await client.close();
    db.close();
  });
  const hub = options.defaultHub;
  const tokens = hub === undefined ? () => undefined : credentialTokens(dataDir, hub.endpoint, hub.token);
  return { catalog: new Catalog({ db, client, tokens }), db, client, dataDir };
}

export type HubkeeperRun = (...args: string[]) => Promise<CliResult>;

/** `hubkeeper <args> --data <a temp data dir>` from the sources, with an HF_HOME of its own: no token of the machine running the tests leaks in. */
export async function hubkeeperOnTempData(t: Cleanup, prefix: string): Promise<HubkeeperRun> {
  const data = await tempFolder(t, prefix);
  const env = { HF_HOME: await tempFolder(t, 'hubkeeper-hf-home-') };
  return (...args) => runCliFromSource([...args, '--data', data], env);
}

/** Exit code 1 and exactly one line on stderr, matching `pattern`. */
export function assertOneLineError(run: CliResult, pattern: RegExp): void {
  assert.equal(run.code, 1, run.stdout);
  assert.equal(run.stderr.split('\n').filter((line) => line !== '').length, 1, run.stderr);
  assert.match(run.stderr, pattern);
}

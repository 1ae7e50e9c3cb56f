import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type ConfigOverrides } from '../../src/main/config.js';
import { createCore, type Core } from '../../src/main/core.js';

/** Anything with node:test's `after`, such as the TestContext `t`. */
export interface Cleanup {
  after(fn: () => unknown): void;
}

export interface TestServer {
  readonly url: string;
  readonly core: Core;
  readonly dataDir: string;
  /** The bootstrap user, created on start. */
  readonly user: string;
  /** A write token of the bootstrap user. */
  readonly token: string;
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /** Config values on top of the test defaults (temp data dir, 127.0.0.1, port 0). */
  readonly overrides?: ConfigOverrides;
  readonly user?: string;
}

/** A random token in our format, for tests. */
export function testToken(): string {
  return `hf_test${randomBytes(16).toString('hex')}`;
}

/**
 * Starts a real core on 127.0.0.1 with a free port, a temp data dir and an empty HF cache inside
 * it, ignoring the process environment; stops it and removes the dir when the test ends.
 */
export async function startServer(cleanup: Cleanup, options: StartServerOptions = {}): Promise<TestServer> {
  const user = options.user ?? 'alice';
  const token = testToken();
  const dataDir = await mkdtemp(join(tmpdir(), 'hubkeeper-test-'));
  const config = loadConfig({}, {
    dataDir,
    host: '127.0.0.1',
    port: 0,
    logLevel: 'info',
    bootstrapUser: user,
    bootstrapToken: token,
    // Never the machine's own ~/.cache/huggingface: what the app API shows must not depend on it.
    hubCache: join(dataDir, 'hf-hub-cache'),
    ...options.overrides,
  });
  const core = createCore(config);
  cleanup.after(async () => {
    await core.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  const { url } = await core.start();
  return { url, core, dataDir, user, token, stop: () => core.stop() };
}

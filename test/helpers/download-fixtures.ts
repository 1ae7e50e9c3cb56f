import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DownloadEngine, type DownloadEngineOptions } from '../../src/main/download/index.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { seededServer, type SeedOptions } from './read-fixtures.js';
import type { Cleanup } from './start-server.js';

/** A fresh temp folder removed when the test ends. */
export async function tempFolder(t: Cleanup, prefix = 'hubkeeper-dl-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** An engine on a temp cache, closed when the test ends. */
export async function testEngine(t: Cleanup, options: Partial<DownloadEngineOptions> & { endpoint: string }): Promise<{ engine: DownloadEngine; cacheDir: string }> {
  const cacheDir = options.cacheDir ?? (await tempFolder(t, 'hubkeeper-cache-'));
  const engine = new DownloadEngine({ ...options, cacheDir, client: options.client ?? { retry: { baseDelayMs: 50, maxDelayMs: 200 } } });
  t.after(() => engine.close());
  return { engine, cacheDir };
}

/** Random bytes (incompressible, every file different). */
export function randomContent(size: number): Buffer {
  return randomBytes(size);
}

export const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
export const gitBlobOid = (data: Uint8Array): string => createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');

/** Names in a repo's blobs/ folder in the cache ([] when it does not exist). */
export async function blobNames(cacheDir: string, folder = 'models--alice--m1'): Promise<string[]> {
  try {
    return (await readdir(join(cacheDir, folder, 'blobs'))).sort();
  } catch {
    return [];
  }
}

/**
 * Cleanup in reverse order of registration (node:test runs `after` hooks in order): clients and
 * proxies registered after the server stop before it, so no request is still running when the
 * server shuts down.
 */
export function lastInFirstOut(t: Cleanup): Cleanup {
  const steps: Array<() => unknown> = [];
  t.after(async () => {
    for (const step of steps.reverse()) await step();
  });
  return { after: (step) => void steps.push(step) };
}

/** A seeded server (see seededServer) and a fault proxy in front of it, closed when the test ends. */
export async function seededBehindProxy(t: Cleanup, options: SeedOptions) {
  const seeded = await seededServer(t, options);
  const proxy: FaultProxy = await startFaultProxy(seeded.server.url);
  t.after(() => proxy.close());
  return { ...seeded, proxy };
}

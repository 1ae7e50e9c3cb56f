// The hub for the upload benchmark, in its own process as in real use (the client hashes in
// another process). Prints {url, token} once listening; on "stop" from stdin prints its peak RSS.
import { createInterface } from 'node:readline';
import { loadConfig } from '../src/main/config.js';
import { createCore } from '../src/main/core.js';
import { peakRssKiB } from './peak-rss.js';

const [dataDir, multipartThreshold = '0', multipartChunkSize = String(64 * 1024 * 1024)] = process.argv.slice(2) as [string, ...string[]];
const token = 'hf_bench_upload_token_0123456789';
const core = createCore(
  loadConfig({}, { dataDir, host: '127.0.0.1', port: 0, logLevel: 'warn', bootstrapUser: 'bench', bootstrapToken: token, multipartThreshold, multipartChunkSize }),
);
const { url } = await core.start();
core.store.createRepo({ type: 'model', namespace: 'bench', name: 'upload', author: { name: 'bench', email: 'bench@example.com' } });
console.log(JSON.stringify({ url, token }));
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'stop') break;
}
console.log(JSON.stringify({ maxRssKiB: peakRssKiB() }));
await core.stop();

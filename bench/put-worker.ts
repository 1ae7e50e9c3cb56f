// PUTs a file to a URL with large reads, in its own process (a lean client, so the hub's share
// is what gets measured). Prints {status, seconds}.
import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:http';
import { pipeline } from 'node:stream/promises';

const [href, file] = process.argv.slice(2) as [string, string];
const start = performance.now();
const status = await new Promise<number>((resolve, reject) => {
  const req = request(href, { method: 'PUT', headers: { 'content-length': String(statSync(file).size) } }, (res) => {
    res.resume();
    res.on('end', () => resolve(res.statusCode ?? 0));
  });
  req.on('error', reject);
  pipeline(createReadStream(file, { highWaterMark: 4 * 1024 * 1024 }), req).catch(reject);
});
console.log(JSON.stringify({ status, seconds: (performance.now() - start) / 1000 }));

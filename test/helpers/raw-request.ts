import { request } from 'node:http';

/**
 * A request whose path is sent byte for byte. `http.request(url)` parses the URL first, which
 * resolves "." and ".." segments, so traversal attempts would never reach the server.
 */
export function rawPathRequest(base: string, path: string, method = 'GET'): Promise<{ status: number; header: (name: string) => string; text: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, agent: false, headers: { host: `${hostname}:${port}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          header: (name) => {
            const value = res.headers[name.toLowerCase()];
            return Array.isArray(value) ? value.join(', ') : (value ?? '');
          },
        });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

#!/usr/bin/env node
// The installed command. The CLI itself is TypeScript, compiled to dist/ and bundled into
// dist/cli/ (one chunk per command) by `npm run build:main`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli/index.js', import.meta.url);
if (!existsSync(cli)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(`hubkeeper: not built yet; run \`npm run build:main\` in ${root} first\n`);
  process.exit(1);
}
const { runCli } = await import(cli.href);
await runCli(process.argv);

#!/usr/bin/env -S node --max-semi-space-size=4
// The installed command. The CLI itself is TypeScript, compiled to dist/ and bundled into
// dist/cli/ (one chunk per command) by `npm run build:main`. The young generation is capped at 4 MiB
// per semi-space (16 by default): a 2 GB pull peaked at 141 MiB of RSS instead of 154-158 MiB (issue
// 15 asks < 150 MB). Node reads the flag only at start-up, hence the shebang (npm's Windows shims
// pass it on too); `node bin/hubkeeper.js` runs without it.
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

import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Files planted in src/main, linted with the project's own eslint.config.js, then removed. */
const PLANTED: readonly { readonly name: string; readonly path: string; readonly code: string; readonly message: RegExp }[] = [
  {
    name: 'a deep import into another module',
    path: 'src/main/store/planted-deep-import.ts',
    code: "import { createGitObjectsTable } from '../db/git-objects-table.js';\nexport const planted = createGitObjectsTable;\n",
    message: /reaches into db\/ past its index\.ts/,
  },
  {
    name: 'an arrow the design forbids (store -> hub)',
    path: 'src/main/store/planted-arrow.ts',
    code: "import { hubRoutes } from '../hub/index.js';\nexport const planted = hubRoutes;\n",
    message: /store may not import hub/,
  },
  {
    name: 'a lower layer importing the download module (transfer -> download)',
    path: 'src/main/transfer/planted-arrow.ts',
    code: "import { DownloadEngine } from '../download/index.js';\nexport const planted = DownloadEngine;\n",
    message: /transfer may not import download/,
  },
  {
    name: 'a job kind imported by the generic queue (jobs -> download)',
    path: 'src/main/jobs/planted-job-kind.ts',
    code: "import { DOWNLOAD_JOB } from '../download/index.js';\nexport const planted = DOWNLOAD_JOB;\n",
    message: /jobs may not import download/,
  },
  {
    name: 'a package outside its home (better-sqlite3 in the store)',
    path: 'src/main/store/planted-package.ts',
    code: "import Database from 'better-sqlite3';\nexport const planted = Database;\n",
    message: /'better-sqlite3' belongs to db; store may not import it/,
  },
  {
    name: 'undici outside upstream and transfer',
    path: 'src/main/cache/planted-undici.ts',
    code: "import { request } from 'undici';\nexport const planted = request;\n",
    message: /'undici' belongs to upstream, transfer; cache may not import it/,
  },
];

describe('module boundaries (npm run lint)', () => {
  for (const plant of PLANTED) {
    it(`fails on ${plant.name}`, async (t) => {
      const file = `${root}${plant.path}`;
      await writeFile(file, plant.code);
      t.after(() => rm(file, { force: true }));
      const [result] = await new ESLint({ cwd: root }).lintFiles([file]);
      const messages = (result?.messages ?? []).filter((message) => message.ruleId === 'hubkeeper/module-boundaries');
      assert.equal(messages.length, 1, `expected one boundary error, got: ${JSON.stringify(result?.messages)}`);
      assert.equal(messages[0]?.severity, 2, 'an error, so `npm run lint` exits non-zero');
      assert.match(messages[0]?.message ?? '', plant.message);
    });
  }
});

// Runs in its own process so its peak RSS is ours alone. Prints one JSON line of timings.
import { mkdirSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { openDatabase } from '../src/main/db/index.js';
import { createStore, type CommitOperation } from '../src/main/store/index.js';
import { timed } from './report.js';
import { peakRssKiB } from './peak-rss.js';

const [mode, dataDir, source] = process.argv.slice(2) as [string, string, string];
mkdirSync(dataDir, { recursive: true });
const db = openDatabase(join(dataDir, 'hub.db'));
const store = createStore({ db, dataDir });
const author = { name: 'Bench', email: 'bench@example.com' };
const repo = store.findRepo('model', 'bench', 'repo') ?? store.createRepo({ type: 'model', namespace: 'bench', name: 'repo', author });

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

let operations: CommitOperation[];
if (mode === 'tree') {
  operations = listFiles(source).map((file) => ({ type: 'add', path: relative(source, file), content: { file } }));
} else {
  operations = [{ type: 'add', path: 'model.safetensors', content: { file: source, link: mode === 'link' } }];
}
const { seconds, value } = await timed(() =>
  store.commit({ repoId: repo.id, branch: 'main', title: `bench ${mode}`, author, operations }),
);
console.log(JSON.stringify({ seconds, files: operations.length, commit: value.commitOid, maxRssKiB: peakRssKiB() }));
db.close();

// `npm run bench`: every benchmark prints our figure next to a peer measured in the same run.
// Pick some with `npm run bench -- commit`; options of a benchmark follow (`npm run bench -- catalog --quick`).
const all: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  commit: () => import('./commit.bench.js'),
  upload: () => import('./upload.bench.js'),
  'resolve-download': () => import('./resolve-download.bench.js'),
  'request-rate': () => import('./request-rate.bench.js'),
  'tree-listing': () => import('./tree-listing.bench.js'),
  download: () => import('./download.bench.js'),
  catalog: () => import('./catalog.bench.js'),
  watch: () => import('./watch.bench.js'),
  git: () => import('./git.bench.js'),
  sync: () => import('./sync.bench.js'),
};

const wanted = process.argv.slice(2).filter((arg) => arg in all);
for (const [name, load] of Object.entries(all)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n== ${name} ==`);
  await (await load()).run();
}

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ensureBuilt, runCli } from '../helpers/cli-process.js';
import { etagOf, fakeCommit, writePythonCacheRevision } from '../helpers/python-cache.js';
import { startServer } from '../helpers/start-server.js';
import { tempDir } from '../helpers/temp-dir.js';

before(() => ensureBuilt());

const weights = { path: 'model.safetensors', content: 'w'.repeat(5000), lfs: true };
const config = { path: 'config.json', content: '{"a":1}' };
const oldCommit = fakeCommit('old');
const newCommit = fakeCommit('new');

/** A Python-style cache in a fresh HF_HOME, and the environment pointing the CLI at it. */
async function fixture(): Promise<{ home: string; cache: string; env: Record<string, string>; repoPath: string }> {
  const home = tempDir();
  const cache = join(home, 'hub');
  await writePythonCacheRevision(cache, { repoId: 'acme/m1', commit: oldCommit, refs: ['refs/pr/1'], files: [weights, { path: 'old.bin', content: 'o'.repeat(1500), lfs: true }] });
  const { repoPath } = await writePythonCacheRevision(cache, { repoId: 'acme/m1', commit: newCommit, refs: ['main'], files: [weights, config] });
  await writePythonCacheRevision(cache, { type: 'dataset', repoId: 'acme/d1', commit: newCommit, refs: ['main'], files: [config] });
  return { home, cache, repoPath, env: { HF_HOME: home, HF_HUB_CACHE: '', HUGGINGFACE_HUB_CACHE: '', HF_TOKEN: '', HUGGING_FACE_HUB_TOKEN: '', HF_ENDPOINT: '', HF_TOKEN_PATH: '' } };
}

function json<T>(text: string): T {
  return JSON.parse(text) as T;
}

describe('hubkeeper cache', () => {
  it('ls prints a table by default and the scan as JSON with --json', async () => {
    const { env, cache } = await fixture();
    const table = await runCli(['cache', 'ls'], env);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^REPO ID\s+TYPE\s+SIZE\s+FILES\s+LAST ACCESSED\s+LAST MODIFIED\s+REFS$/m);
    assert.match(table.stdout, /^acme\/m1\s+model\s+6\.51 kB\s+3\s+.*\s+main, refs\/pr\/1$/m);
    assert.match(table.stdout, new RegExp(`2 repos, 6\\.51 kB on disk in ${cache}`));
    const revisions = await runCli(['cache', 'ls', '--revisions'], env);
    assert.match(revisions.stdout, new RegExp(`acme/m1\\s+model\\s+${oldCommit}\\s+6\\.5 kB\\s+2`));

    const listed = await runCli(['cache', 'ls', '--json', '--cache-dir', cache], { ...env, HF_HOME: tempDir() });
    const scan = json<{ sizeOnDisk: number; repos: { repoId: string; revisions: { refs: string[] }[] }[] }>(listed.stdout);
    assert.equal(scan.sizeOnDisk, 5000 + 1500 + 7 + 7, 'each repo holds its own copy of config.json');
    assert.deepEqual(scan.repos.map((r) => r.repoId), ['acme/d1', 'acme/m1']);
  });

  it('ls warns on stderr about what scan_cache_dir would reject', async () => {
    const { env, repoPath } = await fixture();
    await writeFile(join(repoPath, 'refs', 'main'), `${newCommit}\n`);
    const result = await runCli(['cache', 'ls'], env);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /warning: Reference\(s\) refer to missing commit hashes/);
  });

  it('rm shows the plan with --dry-run, then deletes and reports the bytes freed', async () => {
    const { env, repoPath } = await fixture();
    const dry = await runCli(['cache', 'rm', 'acme/m1@refs/pr/1', '--dry-run'], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`Would delete:\\n  model acme/m1 @ ${oldCommit.slice(0, 12)} \\(refs/pr/1\\)\\nWould free 1\\.54 kB\\.`));
    assert.ok(existsSync(join(repoPath, 'snapshots', oldCommit)));

    const done = await runCli(['cache', 'rm', 'acme/m1@refs/pr/1', '--json'], env);
    assert.equal(done.code, 0, done.stderr);
    const result = json<{ plan: { expectedFreedBytes: number }; report: { freedBytes: number } }>(done.stdout);
    assert.equal(result.plan.expectedFreedBytes, 1500 + 40);
    assert.equal(result.report.freedBytes, 1540);
    assert.ok(!existsSync(join(repoPath, 'snapshots', oldCommit)));

    const whole = await runCli(['cache', 'rm', 'datasets/acme/d1', '-y'], env);
    assert.match(whole.stdout, /dataset acme\/d1 \(the whole repo\)/);
    const missing = await runCli(['cache', 'rm', 'acme/nope'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Not in the cache .*acme\/nope/);
  });

  it('prune removes stale leftovers and, with --max-size, least recently used revisions', async () => {
    const { env, repoPath } = await fixture();
    await writeFile(join(repoPath, 'blobs', `${'a'.repeat(64)}.0badf00d.incomplete`), 'i'.repeat(300));
    const young = await runCli(['cache', 'prune', '--dry-run', '--json'], env);
    assert.deepEqual(json<{ leftovers: { items: unknown[] } }>(young.stdout).leftovers.items, [], 'everything is younger than 24h');

    const result = await runCli(['cache', 'prune', '--older-than', '0', '--max-size', '5100', '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const out = json<{ pruned: { freedBytes: number }; eviction: { revisions: { commitHash: string }[] } }>(result.stdout);
    assert.equal(out.pruned.freedBytes, 300);
    assert.ok(out.eviction.revisions.length > 0);
    const after = json<{ sizeOnDisk: number; incompleteFiles: unknown[] }>((await runCli(['cache', 'ls', '--json'], env)).stdout);
    assert.ok(after.sizeOnDisk <= 5100);
    assert.deepEqual(after.incompleteFiles, []);
  });

  it('verify exits 1 on a corrupt blob and --repair deletes it so it is downloaded again', async () => {
    const { env, repoPath } = await fixture();
    const clean = await runCli(['cache', 'verify'], env);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /Checked 4 blobs .*\nEverything matches\./);

    const blob = join(repoPath, 'blobs', etagOf(weights));
    await chmod(blob, 0o644);
    await writeFile(blob, 'x'.repeat(5000));
    const bad = await runCli(['cache', 'verify', 'acme/m1'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, new RegExp(`corrupt: model acme/m1 ${blob} \\(sha256 is [0-9a-f]{64}\\)`));
    const repaired = await runCli(['cache', 'verify', '--repair', '--json'], env);
    assert.equal(repaired.code, 0, repaired.stderr);
    assert.equal(json<{ corrupt: { repaired: boolean }[] }>(repaired.stdout).corrupt[0]?.repaired, true);
    assert.ok(!existsSync(blob));
  });

  it('move puts the cache elsewhere and says how to point the tools at it', async () => {
    const { env, cache, home } = await fixture();
    const result = await runCli(['cache', 'move', join(home, 'moved')], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /renamed in place/);
    assert.match(result.stdout, new RegExp(`Set HF_HUB_CACHE=${join(home, 'moved')}`));
    assert.ok(!existsSync(cache));
    const listed = json<{ repos: unknown[] }>((await runCli(['cache', 'ls', '--json', '--cache-dir', join(home, 'moved')], env)).stdout);
    assert.equal(listed.repos.length, 2);
  });
});

describe('hubkeeper login / whoami / auth / logout', () => {
  it('checks a token against the hub, saves it as hf auth login does, and switches between named tokens', async (t) => {
    const server = await startServer(t);
    const home = tempDir();
    const env = { HF_HOME: home, HF_TOKEN: '', HUGGING_FACE_HUB_TOKEN: '', HF_TOKEN_PATH: '', HF_ENDPOINT: server.url };

    const anonymous = await runCli(['whoami'], env);
    assert.equal(anonymous.code, 1);
    assert.match(anonymous.stderr, /Not logged in/);

    const wrong = await runCli(['login', '--token', 'hf_wrongwrongwrong'], env);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /Invalid token/);

    const login = await runCli(['login', '--token', server.token], env);
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /Token is valid \(permission: write\); it belongs to alice\./);
    assert.equal(await readFile(join(home, 'token'), 'utf8'), server.token);
    const stored = await readFile(join(home, 'stored_tokens'), 'utf8');
    assert.match(stored, new RegExp(`^\\[[^\\]]+\\]\\nhf_token = ${server.token}\\n\\n$`));

    const me = await runCli(['whoami'], env);
    assert.equal(me.code, 0, me.stderr);
    assert.match(me.stdout, /^alice$/m);
    assert.match(me.stdout, new RegExp(`endpoint: ${server.url}`));

    await writeFile(join(home, 'stored_tokens'), `${stored}[other]\nhf_token = hf_othertoken123\n\n`);
    const switched = await runCli(['auth', 'switch', 'other'], env);
    assert.equal(switched.code, 0, switched.stderr);
    assert.equal(await readFile(join(home, 'token'), 'utf8'), 'hf_othertoken123');
    const list = await runCli(['auth', 'list'], env);
    assert.match(list.stdout, /^\* other\s+\| hf_\*\*\*\*n123$/m);

    const out = await runCli(['logout'], env);
    assert.equal(out.code, 0, out.stderr);
    assert.ok(!existsSync(join(home, 'token')) && !existsSync(join(home, 'stored_tokens')));
  });
});

import type { FuzzRequest, FuzzTargets } from './fuzz-request.js';
import type { SeededRandom } from '../helpers/seeded-random.js';

// Every request that could change the store is malformed by construction (a refused path, name or
// type), so the store must come out of a run byte for byte as it went in.

const NOT_STRING: readonly unknown[] = [0, 1.5, true, false, [], {}, ['main'], { path: 'a' }, -1];
const NOT_BOOL: readonly unknown[] = ['yes', 'true', 'True', 1, 0, [], {}, [true], 'maybe'];
const NOT_SIZE: readonly unknown[] = ['5', true, [], {}, [1], -1, 1.5, 2 ** 53 + 2, '1e3'];
const JUNK: readonly unknown[] = [null, true, 0, -1, 1.5, '', 'x', [], {}, [null], { a: 1 }, 'a'.repeat(3000), '\ud800', { __proto__: { polluted: 1 } }];

/** Paths a commit must refuse (each line of a commit carries at least one); a backslash alone is an ordinary character. */
const BAD_PATHS: readonly string[] = [
  '../escape.txt', 'a/../../b', '/etc/passwd', '..\\b', '.git/config', 'sub/.git/hooks/x', 'a//b', './a', 'C:/x', '', 'nul\0byte',
  'lone\ud800x', '\udfff', 'a/./b', '..', 'x/..', `${'d/'.repeat(3000)}f`,
];
/** Raw bytes that are not UTF-8, spliced into bodies and URLs. */
const BAD_UTF8: readonly Buffer[] = [Buffer.from([0xff, 0xfe]), Buffer.from([0xc3]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]), Buffer.from([0xe2, 0x82])];
/** Branch and tag names git refuses. */
const BAD_REFS: readonly string[] = [
  '..', 'a..b', '.hidden', 'x.lock', 'a%20b', '%00', '-x', 'HEAD', '@', 'a~1', 'a:b', 'a%3Fb', 'a*', 'a%5B', 'a%5C', '%ff%fe', '%ED%A0%80',
  'refs%2Fheads%2Fx', '%2Flead', 'trail%2F', 'a%2F%2Fb', 'x@%7B1%7D', '0123456789abcdef0123456789abcdef01234567', 'a'.repeat(300), '%', '%zz',
];
/** The same kind of names as they appear in JSON bodies (not URL-encoded). */
const BAD_REF_NAMES: readonly string[] = [
  '..', 'a..b', '.hidden', 'x.lock', 'a b', '\u0000', '-x', 'HEAD', '@', 'a~1', 'a:b', 'a?b', 'a*', 'a[', 'a\\b', 'refs/heads/x', '/lead', 'trail/',
  'a//b', 'x@{1}', '0123456789abcdef0123456789abcdef01234567', 'a'.repeat(300), 'lone\ud800', '', 'a\u007f',
];
const SEGMENTS: readonly string[] = [
  '..', '%2e%2e', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '.%2e', '%00', '%ff%fe', '%ED%A0%80', '%', '%zz', '.git', '%2F', '', 'a.txt', 'sub', 'b.json',
  'big.bin', '.env', '~', '*', "'", '%3Cscript%3E', 'x'.repeat(1200), 'con', 'index.html', 'assets', '%252e%252e', '\\..\\', 'a;b', 'a?b=c',
];
const REPO_IDS: readonly string[] = [
  'alice/nope', '-/x', 'api/x', '..%2F..%2Fx/y', '%ff/m1', 'alice/m1.git', `${'a'.repeat(200)}/x`, 'alice%2Fm1', 'ALICE/M1', 'alice/m1%00', 'a--b/c', '.x/y',
];
const RANGES: readonly string[] = [
  'bytes=0-0', 'bytes=-1', 'bytes=5-2', 'bytes=999999999-', 'bytes=x', 'bytes=0-1,3-4', 'items=0-1', 'bytes=--1', 'bytes=18446744073709551616-',
  'bytes=-0', '', 'bytes=0-', 'bytes= 1-2', 'bytes=1-2-3', 'bytes=-18446744073709551616', `bytes=${'0-1,'.repeat(500)}0-1`,
];
const CONDITIONALS: ReadonlyArray<readonly [string, string]> = [
  ['if-match', '"nope"'], ['if-match', '*'], ['if-none-match', '*'], ['if-none-match', 'W/"x"'], ['if-unmodified-since', 'Thu, 01 Jan 1970 00:00:00 GMT'],
  ['if-modified-since', 'garbage'], ['if-range', '"x"'], ['if-range', 'Thu, 01 Jan 1970 00:00:00 GMT'], ['accept-encoding', 'gzip, br, *;q=0'],
];
const CONTENT_TYPES: readonly string[] = [
  'application/json', 'application/x-ndjson', 'text/plain', 'application/vnd.git-lfs+json', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/octet-stream', '', 'application/json\u0000',
];

type Family = (random: SeededRandom, targets: FuzzTargets) => FuzzRequest;

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value) ?? 'null');
}

function target(...parts: Array<string | Buffer>): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : part)));
}

function auth(random: SeededRandom, targets: FuzzTargets): Array<[string, string]> {
  const choice = random.int(0, 9);
  if (choice < 6) return [['authorization', `Bearer ${targets.token}`]];
  if (choice === 6) return [['authorization', `Bearer ${targets.readToken}`]];
  if (choice === 7) return [['authorization', random.pick(['Bearer ', 'Basic !!!', 'Bearer hf_nope', `Basic ${Buffer.from(`x:${targets.token}`).toString('base64')}`, 'Negotiate x'])]];
  return [];
}

function repoPath(random: SeededRandom, targets: FuzzTargets): string {
  return random.chance(0.8) ? random.pick([targets.repo, targets.repo, targets.privateRepo]) : random.pick(REPO_IDS);
}

function revision(random: SeededRandom, targets: FuzzTargets): string {
  return random.pick(['main', 'dev', 'v1', targets.head, 'refs%2Fpr%2F1', 'refs/pr/1', 'refs%2Fpr%2F2', 'refs%2Fpr%2F3', 'HEAD', '0'.repeat(40), 'refs%2Fheads%2Fmain', ...BAD_REFS]);
}

function subPath(random: SeededRandom): string {
  const count = random.int(0, 4);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(random.pick(SEGMENTS));
  return parts.join('/');
}

/** A JSON string literal holding raw bytes that are not UTF-8. */
function badUtf8Literal(random: SeededRandom): Buffer {
  return Buffer.concat([Buffer.from('"a'), random.pick(BAD_UTF8), Buffer.from('b"')]);
}

/** One NDJSON operation line that the commit must refuse. */
function badOperation(random: SeededRandom, targets: FuzzTargets): Buffer {
  const path = random.pick(BAD_PATHS);
  switch (random.int(0, 9)) {
    case 0:
      return json({ key: 'file', value: { path, content: 'YQ==', encoding: 'base64' } });
    case 1:
      return json({ key: 'lfsFile', value: { path, algo: 'sha256', oid: targets.lfsOid, size: 1 } });
    case 2:
      return json({ key: random.pick(['deletedFile', 'deletedFolder']), value: { path } });
    case 3:
      return json({ key: 'file', value: { path: 'ok.txt', content: random.pick(['!!', 'YQ=', 'Y Q==', '====']), encoding: 'base64' } });
    case 4:
      return json({ key: 'file', value: { path: random.pick(NOT_STRING), content: random.pick(NOT_STRING) } });
    case 5:
      return json({ key: 'lfsFile', value: { path: 'ok.bin', algo: random.pick(['sha1', 'md5', 5]), oid: random.pick(NOT_STRING), size: random.pick(NOT_SIZE) } });
    case 6:
      return Buffer.concat([Buffer.from('{"key":"file","value":{"path":'), badUtf8Literal(random), Buffer.from(',"content":"YQ==","encoding":"base64"}}')]);
    case 7:
      return json({ key: random.pick(['copyFile', 'header', 'nope', '', 'file\u0000']), value: random.pick(JUNK) });
    case 8:
      return Buffer.from(random.pick(['{"key":"file",', '[]', 'null', '{"key":"file","value":{"path":"a.txt","content":"YQ==","extra":1}}', '\u0000']));
    default:
      return json({ key: 'file', value: { path: 'ok.txt', content: 'YQ==', encoding: 'base64', oldPath: path } });
  }
}

const ndjsonCommit: Family = (random, targets) => {
  const lines: Buffer[] = [];
  const headerLine = random.pick([
    json({ key: 'header', value: { summary: random.text(40) } }),
    json({ key: 'header', value: { summary: random.pick(NOT_STRING) } }),
    json({ key: 'header', value: { summary: 's', parentCommit: random.pick(['abc', targets.lfsOid, 5, '0'.repeat(40)]) } }),
    Buffer.concat([Buffer.from('{"key":"header","value":{"summary":'), badUtf8Literal(random), Buffer.from('}}')]),
  ]);
  // A header with a wrong parentCommit alone is refused (412 or 400), so a valid header needs a bad operation.
  if (random.chance(0.9)) lines.push(headerLine);
  const count = random.int(1, 4);
  const bad = random.int(0, count - 1);
  for (let i = 0; i < count; i++) {
    lines.push(i === bad ? badOperation(random, targets) : json({ key: 'file', value: { path: `f${i}.txt`, content: random.text(20) } }));
  }
  if (random.chance(0.1)) lines.reverse();
  const body = Buffer.concat(lines.flatMap((line) => [line, Buffer.from(random.pick(['\n', '\r\n', '\n\n']))]));
  return {
    family: 'ndjson-commit',
    method: 'POST',
    target: target(`/api/models/${random.chance(0.9) ? targets.repo : random.pick(REPO_IDS)}/commit/${random.chance(0.8) ? 'main' : revision(random, targets)}${createPr(random)}`),
    headers: [...auth(random, targets), ['content-type', random.chance(0.85) ? 'application/x-ndjson' : random.pick(CONTENT_TYPES)]],
    body,
  };
};

const preupload: Family = (random, targets) => {
  const files = Array.from({ length: random.int(0, 3) }, () => ({
    path: random.chance(0.5) ? random.pick(BAD_PATHS) : random.pick([...NOT_STRING, 'a.txt']),
    size: random.pick([...NOT_SIZE, 3]),
    sample: random.pick([...NOT_STRING, 'YQ==', null]),
  }));
  const body = random.chance(0.15) ? Buffer.concat([Buffer.from('{"files":[{"path":'), badUtf8Literal(random), Buffer.from(',"size":1}]}')]) : json(random.chance(0.8) ? { files } : random.pick(JUNK));
  return {
    family: 'preupload',
    method: 'POST',
    target: target(`/api/models/${repoPath(random, targets)}/preupload/${revision(random, targets)}${createPr(random)}`),
    headers: [...auth(random, targets), ['content-type', random.chance(0.85) ? 'application/json' : random.pick(CONTENT_TYPES)]],
    body,
  };
};

const lfsBatch: Family = (random, targets) => {
  const objects = Array.from({ length: random.int(0, 4) }, () => ({
    oid: random.pick([...NOT_STRING, [targets.lfsOid], targets.lfsOid, targets.lfsOid.toUpperCase(), 'x'.repeat(64)]),
    size: random.pick([...NOT_SIZE, 1, 0]),
  }));
  const value = {
    operation: random.pick(['upload', 'download', 'verify', 5, null]),
    objects: random.chance(0.85) ? objects : random.pick(JUNK),
    ...(random.chance(0.5) ? { transfers: random.pick([['basic'], ['multipart'], 'basic', [5], null]) } : {}),
    ...(random.chance(0.4) ? { hash_algo: random.pick(['sha256', 'sha_256', 'md5', 5]) } : {}),
    ...(random.chance(0.4) ? { ref: random.pick([{ name: 'main' }, { name: 5 }, 'main', null, { name: '..' }]) } : {}),
  };
  const body = random.chance(0.1) ? Buffer.concat([Buffer.from('{"operation":"upload","objects":[{"oid":'), badUtf8Literal(random), Buffer.from(',"size":1}]}')]) : json(value);
  return {
    family: 'lfs-batch',
    method: random.chance(0.95) ? 'POST' : random.pick(['GET', 'PUT']),
    target: target(`/${random.chance(0.9) ? targets.repo : random.pick(REPO_IDS)}.git/info/lfs/objects/batch`),
    headers: [...auth(random, targets), ['content-type', random.chance(0.8) ? 'application/vnd.git-lfs+json' : random.pick(CONTENT_TYPES)], ['accept', 'application/vnd.git-lfs+json']],
    body,
  };
};

/** Signed transfer URLs with wrong bytes, tampered signatures and malformed completion bodies. */
const lfsTransfer: Family = (random, targets) => {
  const tamper = (url: string): string =>
    random.chance(0.3) ? url.replace(/sig=([^&]*)/, (_match, sig: string) => `sig=${random.pick(['', 'x', `${sig}A`, sig.slice(1), '%ff'])}`) : url;
  switch (random.int(0, 4)) {
    case 0:
      return { family: 'lfs-upload', method: 'PUT', target: target(tamper(targets.upload)), headers: [['content-type', 'application/octet-stream']], body: random.bytes(random.int(0, 2048)) };
    case 1:
      return { family: 'lfs-part', method: 'PUT', target: target(tamper(random.pick(targets.parts))), headers: [], body: random.bytes(random.int(0, 1500)) };
    case 2: {
      const parts = Array.from({ length: random.int(0, 3) }, (_v, i) => ({ partNumber: random.pick([i + 1, 0, -1, '1', 1.5]), etag: random.pick([...NOT_STRING, '"abc"', 'W/"x"']) }));
      const body = json(random.chance(0.8) ? { oid: random.pick([targets.lfsOid, 5, [targets.lfsOid]]), parts } : random.pick(JUNK));
      return { family: 'multipart-complete', method: 'POST', target: target(tamper(targets.complete)), headers: [['content-type', random.pick(['application/json', 'application/vnd.git-lfs+json', 'text/plain'])]], body };
    }
    case 3:
      return { family: 'lfs-verify', method: 'POST', target: target(tamper(targets.verify)), headers: [['content-type', 'application/vnd.git-lfs+json']], body: json({ oid: random.pick([...NOT_STRING, targets.lfsOid]), size: random.pick(NOT_SIZE) }) };
    default:
      return { family: 'lfs-download', method: random.pick(['GET', 'HEAD']), target: target(tamper(targets.download)), headers: [['range', random.pick(RANGES)]] };
  }
};

const readPaths: Family = (random, targets) => {
  const repo = repoPath(random, targets);
  const rev = revision(random, targets);
  const path = subPath(random);
  const prefix = random.pick(['', '', 'datasets/', 'spaces/']);
  const urls = [
    `/${prefix}${repo}/resolve/${rev}/${path}`,
    `/api/models/${repo}/tree/${rev}/${path}?recursive=${random.pick(['true', '1', 'x', ''])}&cursor=${random.pick(['', 'abc', '%ff', '!!'])}&expand=${random.pick(['true', 'no', '%00'])}`,
    `/api/models/${repo}/revision/${rev}`,
    `/api/models/${repo}/commits/${rev}?limit=${random.pick(['1', '-1', 'x', '1e9', ''])}&p=${random.pick(['0', '-1', 'x', '99999'])}`,
    `/api/models/${repo}/refs?include_prs=${random.pick(['1', 'x'])}`,
    `/api/models/${repo}`,
    `/api/models?search=${random.pick(['a', '%ff', '%00', 'x'.repeat(500)])}&limit=${random.pick(['1', '-5', 'abc', '100000'])}&cursor=${random.pick(['', '!!', 'eyJ4IjoxfQ'])}`,
    `/api/${random.pick(['models', 'datasets', 'spaces', 'kernels', 'x'])}/${repo}/paths-info/${rev}`,
    `/${repo}/raw/${rev}/${path}`,
    `/api/whoami-v2`,
  ];
  const url = random.pick(urls);
  const isPathsInfo = url.includes('/paths-info/');
  const headers: Array<[string, string]> = auth(random, targets);
  if (random.chance(0.3)) headers.push(['range', random.pick(RANGES)]);
  if (random.chance(0.2)) headers.push([...random.pick(CONDITIONALS)]);
  let body: Buffer | undefined;
  if (isPathsInfo) {
    const form = random.chance(0.5);
    headers.push(['content-type', form ? 'application/x-www-form-urlencoded' : 'application/json']);
    body = form
      ? Buffer.concat([Buffer.from(`paths=${random.pick(SEGMENTS)}&paths=`), random.chance(0.3) ? random.pick(BAD_UTF8) : Buffer.from(random.pick(SEGMENTS)), Buffer.from(`&expand=${random.pick(['True', 'x'])}`)])
      : json({ paths: random.pick([...NOT_STRING, ['a.txt', '..'], BAD_PATHS]), expand: random.pick(JUNK) });
  }
  const raw = random.chance(0.05) ? random.pick(BAD_UTF8) : Buffer.alloc(0);
  return { family: 'read-paths', method: isPathsInfo ? 'POST' : random.pick(['GET', 'GET', 'HEAD']), target: target(url, raw), headers, ...(body ? { body } : {}) };
};

const refWrites: Family = (random, targets) => {
  const kind = random.pick(['branch', 'tag']);
  const method = random.pick(['POST', 'DELETE']);
  const name = random.pick(BAD_REFS);
  const body =
    kind === 'branch'
      ? { startingPoint: random.pick([...NOT_STRING, 'main']), emptyBranch: random.pick(NOT_BOOL), overwrite: random.pick(NOT_BOOL) }
      : { tag: random.chance(0.5) ? random.pick(NOT_STRING) : random.pick(BAD_REF_NAMES), message: random.pick(JUNK) };
  // A POST names a bad ref in the URL (branch) or the body (tag); either way the request is refused.
  const url = kind === 'branch' || method === 'DELETE' ? `/api/models/${targets.repo}/${kind}/${name}` : `/api/models/${targets.repo}/tag/${random.pick(['main', ...BAD_REFS])}`;
  return { family: 'ref-writes', method, target: target(url), headers: [...auth(random, targets), ['content-type', 'application/json']], body: json(body) };
};

const repoWrites: Family = (random, targets) => {
  const choice = random.int(0, 3);
  const [url, method, body] =
    choice === 0
      ? ['/api/repos/create', 'POST', random.pick([{ name: random.pick(NOT_STRING) }, { name: random.pick(['../x', 'a'.repeat(200), '-x', 'x.git', 'a b', '']) }, { name: 'fz', type: random.pick(['weird', 5]) }, { name: 'fz', private: random.pick(NOT_BOOL) }, { name: 'fz', organization: random.pick(NOT_STRING) }, { name: 'fz', files: random.pick([[{ path: '../x', content: 'eA==' }], 'x', [5]]) }])]
      : choice === 1
        ? ['/api/repos/delete', 'DELETE', random.pick([{ name: random.pick(NOT_STRING) }, { name: 'm1', type: 'weird' }, { name: 'm1', organization: random.pick(NOT_STRING) }, {}])]
        : choice === 2
          ? ['/api/repos/move', 'POST', random.pick([{ fromRepo: random.pick(NOT_STRING), toRepo: 'alice/m9' }, { fromRepo: targets.repo, toRepo: random.pick(['../x', 'alice/', 'alice/a/b', '-/x', 'alice/x.git']) }, { fromRepo: targets.repo, toRepo: random.pick(NOT_STRING) }])]
          : [`/api/models/${targets.repo}/settings`, 'PUT', random.pick([{ private: random.pick(NOT_BOOL) }, { gated: random.pick(['sometimes', true, 5]) }, { lfsThreshold: random.pick([-1, '5', 1.5, []]) }, { visibility: random.pick([1, 'secret']) }, { lfsSuffixRules: random.pick(['x', [5], [{}]]) }])];
  return { family: 'repo-writes', method, target: target(url), headers: [...auth(random, targets), ['content-type', random.chance(0.9) ? 'application/json' : random.pick(CONTENT_TYPES)]], body: json(body) };
};

const APP_PATHS: readonly string[] = [
  'library', 'repos/hub/model/alice%2Fm1', 'repos/hub/model/alice%2Fm1/tree', 'repos/hub/model/alice%2Fm1/commits', 'repos/hub/model/alice%2Fm1/readme',
  'repos/cache/model/x%2Fy/diff', 'repos/hub/model/..%2F..%2Fetc/tree', 'repos/x/y/z', 'repos/hub/model/alice%2Fm1/delete-preview',
  'repos/cache/model/x%2Fy/delete-revision', 'downloads', 'downloads/999/pause', 'downloads/abc/xyz', 'hubs', 'hubs/zz-fuzz', 'hubs/zz-fuzz/search?q=x',
  'settings', 'settings/server', 'settings/cache-move', 'disk', 'disk/cleanup-preview', 'disk/cleanup', 'nope', '%ff', '..%2F..', 'session',
];

const appApi: Family = (random, targets) => {
  const path = random.pick(APP_PATHS);
  const method = path === 'session' ? random.pick(['GET', 'POST']) : random.pick(['GET', 'POST', 'PUT', 'DELETE']);
  const fields = ['repo', 'type', 'revision', 'revisions', 'endpoint', 'name', 'token', 'lfsThreshold', 'host', 'path', 'code', 'files', 'query'];
  const body: Record<string, unknown> = {};
  for (let i = random.int(0, 3); i > 0; i--) body[random.pick(fields)] = random.pick(NOT_STRING);
  const headers: Array<[string, string]> = [];
  if (random.chance(0.9)) headers.push(['cookie', targets.cookie]);
  else if (random.chance(0.5)) headers.push(['cookie', random.pick(['hubkeeper_session=forged', 'hubkeeper_session=', '%ff=1'])]);
  if (method !== 'GET') headers.push(['content-type', random.chance(0.8) ? 'application/json' : random.pick(CONTENT_TYPES)]);
  if (random.chance(0.1)) headers.push(['origin', random.pick(['http://evil.example', 'null'])]);
  return { family: 'app-api', method, target: target(`/-/api/v1/${path}`), headers, ...(method === 'GET' ? {} : { body: random.chance(0.1) ? badUtf8Literal(random) : json(body) }) };
};

const staticUi: Family = (random) => {
  const headers: Array<[string, string]> = [];
  for (let i = random.int(0, 2); i > 0; i--) headers.push(random.chance(0.5) ? ['range', random.pick(RANGES)] : [...random.pick(CONDITIONALS)]);
  const raw = random.chance(0.05) ? random.pick(BAD_UTF8) : Buffer.alloc(0);
  return { family: 'static-ui', method: random.pick(['GET', 'HEAD', 'GET', 'POST', 'OPTIONS']), target: target(`/-/ui/${subPath(random)}`, raw), headers };
};

// Discussions, access requests, collections: each change request carries at least one flaw (a
// refused caller, an unknown number or id, a bad slug or a malformed body), so none may land.

/** Discussion numbers that name no discussion of the fixture (or no number at all). */
const BAD_NUMS: readonly string[] = ['0', '-1', '1e3', '0x10', '5', '999', '999999999', '1000000000', '99999999999999999999', '1.5', 'abc', '%ff', '01', '%2B1', '%201', '%00', '1%00'];
/** Comment and item ids that name nothing: not hex, unsafe integers, unknown ids. */
const BAD_IDS: readonly string[] = ['zz', '-1', '0x10', 'f'.repeat(25), 'f'.repeat(24), '0', '%ff', '1.5', '9999', '1e3', '%00', 'g1'];
/** Strings that are not Unicode text (JSON escapes of lone surrogates): no text field may take them. */
const LONE_SURROGATES: readonly string[] = ['\ud800', 'a\udfffb', 'Fine \udbff', '\udc00\ud800'];
/** Text fields a discussion refuses: wrong types, blank, not Unicode, or longer than the 65,536-character limit. */
const BAD_TEXT: readonly unknown[] = [...NOT_STRING, null, '', '  \n\t', 'x'.repeat(65_537), ...LONE_SURROGATES];
const BAD_TITLES: readonly unknown[] = [...NOT_STRING, null, '', '   ', 'x'.repeat(201), ...LONE_SURROGATES];
const HUGE_NUMBERS: readonly string[] = ['1e400', '-1', '1.5', '"1"', '9007199254740993', '-0.5', 'null', '[]', '1e3.5'];

type Headers = Array<[string, string]>;

/** Repo ids that resolve to no repo (REPO_IDS less the spellings that find alice/m1). */
const REFUSED_REPOS: readonly string[] = REPO_IDS.filter((id) => !['ALICE/M1', 'alice/m1.git'].includes(id));

/** At least one of `kinds`, sometimes more: the parts of a change request that are wrong. */
function flaws<K extends string>(random: SeededRandom, kinds: readonly K[]): ReadonlySet<K> {
  const chosen = new Set<K>([random.pick(kinds)]);
  for (const kind of kinds) if (random.chance(0.15)) chosen.add(kind);
  return chosen;
}

/** A caller a change request refuses: anonymous, a read token, or a token that is none. */
function refusedCaller(random: SeededRandom, targets: FuzzTargets, readRefused = true): Headers {
  const choices: Headers[] = [[], [['authorization', 'Bearer hf_nope']], [['authorization', 'Basic !!!']], [['authorization', 'Bearer ']]];
  if (readRefused) choices.push([['authorization', `Bearer ${targets.readToken}`]]);
  return random.pick(choices);
}

/** A JSON body with a raw non-UTF-8 string as the value of `field`. */
function brokenField(random: SeededRandom, field: string): Buffer {
  return Buffer.concat([Buffer.from(`{"${field}":`), badUtf8Literal(random), Buffer.from('}')]);
}

/** A JSON body `{"field": <literal>}` with a number JSON.stringify cannot write (1e400, 2^53 + 1). */
function rawNumberField(random: SeededRandom, field: string): Buffer {
  return Buffer.from(`{"${field}":${random.pick(HUGE_NUMBERS)}}`);
}

function jsonWrite(random: SeededRandom, family: string, method: string, url: string, caller: Headers, body: Buffer | undefined): FuzzRequest {
  const contentType = random.chance(0.95) ? 'application/json' : random.pick(CONTENT_TYPES);
  return { family, method, target: target(url), headers: [...caller, ['content-type', contentType]], ...(body ? { body } : {}) };
}

const hubDiscussions: Family = (random, targets) => {
  const { community } = targets;
  // Repos with no discussion #1 or #2; a new discussion is refused on the unknown ones only.
  const repoRefused = (): string => random.pick(action === 'create' ? REFUSED_REPOS : [...REFUSED_REPOS, targets.privateRepo, targets.dataset, community.gatedRepo]);
  const kind = random.int(0, 9);
  const action = random.pick(['create', 'comment', 'edit', 'hide', 'title', 'status', 'merge'] as const);
  if (kind <= 1) {
    // Reads: any answer but a 5xx will do.
    const num = random.pick([...[community.discussion, community.pullRequest, community.conflictingPullRequest, community.mergedPullRequest].map(String), ...BAD_NUMS]);
    const base = `/api/${random.pick(['models', 'models', 'datasets', 'x'])}/${repoPath(random, targets)}/discussions`;
    const url = kind === 0
      ? `${base}?p=${random.pick(['0', '-1', '1e3', '0x10', '99999999999999999999', 'x', ''])}&type=${random.pick(['all', 'pull_request', 'x', ''])}&status=${random.pick(['open', 'closed', 'merged', '%ff'])}&author=${random.pick(['alice', 'x'.repeat(200), '%00', '%ff'])}`
      : `${base}/${num}?diff=${random.pick(['1', 'true', '0', 'x', '%ff', ''])}`;
    return { family: 'discussions', method: random.pick(['GET', 'GET', 'HEAD']), target: target(url), headers: auth(random, targets) };
  }
  const wrong = flaws(random, action === 'create' ? ['caller', 'repo', 'body'] as const : action === 'hide' ? ['caller', 'repo', 'num', 'id'] as const : action === 'edit' ? ['caller', 'repo', 'num', 'id', 'body'] as const : ['caller', 'repo', 'num', 'body'] as const);
  const caller = wrong.has('caller') ? refusedCaller(random, targets) : [['authorization', `Bearer ${targets.token}`] as [string, string]];
  const repo = wrong.has('repo') ? repoRefused() : targets.repo;
  const base = `/api/models/${repo}/discussions`;
  // Besides numbers that name nothing: a merge of the plain discussion, of the conflicting or the
  // merged pull request, and a status change of the merged one are refused too.
  const unmergeable = [community.discussion, community.conflictingPullRequest, community.mergedPullRequest].map(String);
  const badNums = action === 'merge' ? [...BAD_NUMS, ...unmergeable] : action === 'status' ? [...BAD_NUMS, String(community.mergedPullRequest)] : BAD_NUMS;
  const num = wrong.has('num') ? random.pick(badNums) : String(action === 'merge' ? community.pullRequest : random.pick([community.discussion, community.pullRequest]));
  // The comment belongs to discussion #1: asked for in another discussion, it is not found.
  const elsewhere = wrong.has('id') && random.chance(0.3);
  const id = wrong.has('id') && !elsewhere ? random.pick(BAD_IDS) : community.commentId;
  const idNum = wrong.has('num') ? num : String(elsewhere ? random.pick([community.pullRequest, community.mergedPullRequest]) : community.discussion);
  const bodyOf = (field: string, bad: readonly unknown[], extra: Record<string, unknown> = {}): Buffer =>
    random.chance(0.1) ? brokenField(random, field) : random.chance(0.1) ? json(random.pick(JUNK.filter((value) => value !== null))) : json({ ...extra, [field]: random.pick(bad) });
  const good = wrong.has('body') ? undefined : json({ comment: 'fine', content: 'fine', title: 'Fine', status: random.pick(['open', 'closed']) });
  switch (action) {
    case 'create': {
      const body = wrong.has('body')
        ? random.pick([
            () => bodyOf('title', BAD_TITLES),
            () => json({ title: 'Fine', description: random.pick([...NOT_STRING, ...LONE_SURROGATES]) }),
            () => json({ title: 'Fine', pullRequest: random.pick(NOT_BOOL) }),
          ])()
        : json({ title: 'Fine', pullRequest: random.chance(0.5) });
      return jsonWrite(random, 'discussions', 'POST', base, caller, body);
    }
    case 'comment':
      return jsonWrite(random, 'discussions', 'POST', `${base}/${num}/comment`, caller, good ?? bodyOf('comment', BAD_TEXT));
    case 'edit':
      return jsonWrite(random, 'discussions', 'POST', `${base}/${idNum}/comment/${id}/edit`, caller, good ?? bodyOf('content', BAD_TEXT));
    case 'hide':
      return jsonWrite(random, 'discussions', 'POST', `${base}/${idNum}/comment/${id}/hide`, caller, random.chance(0.5) ? undefined : json({}));
    case 'title':
      return jsonWrite(random, 'discussions', 'POST', `${base}/${num}/title`, caller, good ?? bodyOf('title', BAD_TITLES));
    case 'status': {
      const body = random.chance(0.7) ? bodyOf('status', ['merged', 'draft', 'OPEN', 5, null, '', ['open']]) : json({ status: 'closed', comment: random.pick([...NOT_STRING, ...LONE_SURROGATES, ' '.repeat(3) + 'x'.repeat(65_537)]) });
      return jsonWrite(random, 'discussions', 'POST', `${base}/${num}/status`, caller, good ?? body);
    }
    default: {
      const body = random.chance(0.2) ? brokenField(random, 'comment') : json(random.pick([{ comment: random.pick([...NOT_STRING, ...LONE_SURROGATES]) }, 5, 'x', [], true]));
      return jsonWrite(random, 'discussions', 'POST', `${base}/${num}/merge`, caller, wrong.has('body') ? body : random.chance(0.5) ? undefined : json({ comment: 'Merging' }));
    }
  }
};

/** `?create_pr=...` on a commit or a preupload, sometimes. */
function createPr(random: SeededRandom): string {
  return random.chance(0.2) ? `?create_pr=${random.pick(['1', 'true', 'True', '0', 'x', '-1', '%ff', ''])}` : '';
}

const accessRequests: Family = (random, targets) => {
  const gated = targets.community.gatedRepo;
  const kind = random.int(0, 5);
  if (kind === 0) {
    const status = random.pick(['pending', 'accepted', 'rejected', 'PENDING', 'x', '%ff', '', '..']);
    const repo = random.chance(0.7) ? gated : repoPath(random, targets);
    return { family: 'access-requests', method: 'GET', target: target(`/api/${random.pick(['models', 'datasets'])}/${repo}/user-access-request/${status}`), headers: auth(random, targets) };
  }
  if (kind <= 2) {
    // Asking: the read-token user may ask, so the flaw is the caller (no one), the repo or the form.
    const wrong = flaws(random, ['caller', 'repo', 'body'] as const);
    const caller = wrong.has('caller') ? refusedCaller(random, targets, false) : [['authorization', `Bearer ${random.pick([targets.readToken, targets.token])}`] as [string, string]];
    const path = wrong.has('repo') ? random.pick([targets.repo, targets.privateRepo, `datasets/${gated}`, `spaces/${gated}`, ...REPO_IDS]) : gated;
    const form = random.chance(0.3);
    const many = Object.fromEntries(Array.from({ length: 51 }, (_v, i) => [`f${i}`, 'x']));
    const body = !wrong.has('body')
      ? form ? Buffer.from('company=Fuzz') : json({ company: 'Fuzz' })
      : form
        ? random.pick([Buffer.concat([Buffer.from('company='), random.pick(BAD_UTF8)]), Buffer.from(Object.keys(many).map((key) => `${key}=x`).join('&')), Buffer.from(`company=${'x'.repeat(2001)}`), Buffer.from(random.pick(['company=%ED%A0%80', 'company=%ff', 'company=%', '%ED%A0%80=x']))])
        : random.chance(0.1) ? brokenField(random, 'company')
          : json(random.pick<unknown>([5, 'x', true, many, { ['k'.repeat(101)]: 'x' }, { company: 'x'.repeat(2001) }, { company: random.pick(LONE_SURROGATES) }, { [random.pick(LONE_SURROGATES)]: 'x' }, { company: { a: 1 } }, { company: null }, { company: [1] }, { company: Array.from({ length: 51 }, () => 'x') }]));
    return { family: 'access-requests', method: 'POST', target: target(`/${path}/ask-access`), headers: [...caller, ['content-type', form ? 'application/x-www-form-urlencoded' : 'application/json']], body };
  }
  const handle = kind <= 4;
  const wrong = flaws(random, ['caller', 'repo', 'body'] as const);
  const caller = wrong.has('caller') ? refusedCaller(random, targets) : [['authorization', `Bearer ${targets.token}`] as [string, string]];
  const repo = wrong.has('repo') ? random.pick(REFUSED_REPOS) : gated;
  const goodUser = random.pick(['bob', 'BOB']);
  const badUser = random.pick([...NOT_STRING, '', 'x'.repeat(101), 'nobody', ...(handle ? [] : ['alice'])]);
  const body = handle
    ? wrong.has('body')
      ? json(random.pick<unknown>([
          { user: badUser, status: 'accepted' },
          { user: goodUser, status: random.pick(['granted', 5, null, 'ACCEPTED']) },
          { user: goodUser, status: random.pick(['accepted', 'pending']), rejectionReason: 'no' },
          { user: goodUser, status: 'rejected', rejectionReason: random.pick([...NOT_STRING, ...LONE_SURROGATES, 'x'.repeat(2001)]) },
          random.pick(JUNK),
        ]))
      : json({ user: goodUser, status: random.pick(['accepted', 'rejected', 'pending']) })
    : wrong.has('body') ? json(random.chance(0.8) ? { user: badUser } : random.pick(JUNK)) : json({ user: goodUser });
  return jsonWrite(random, 'access-requests', 'POST', `/api/models/${repo}/user-access-request/${handle ? 'handle' : 'grant'}`, caller, random.chance(0.05) && wrong.has('body') ? brokenField(random, 'user') : body);
};

/** Slugs that name no collection of the fixture: another owner, a cut id, no id, junk. */
function badSlug(random: SeededRandom, slug: string): string {
  const [owner = '', tail = ''] = slug.split('/');
  const id = tail.slice(-24);
  return random.pick([
    `bob/${tail}`, `nobody/${tail}`, `${owner}/fixture-${'0'.repeat(24)}`, `${owner}/${tail.slice(0, -1)}`, `${owner}/${tail}x`, `${owner}/${id.slice(1)}`,
    `${owner}/..`, `${owner}/%ff`, `${owner}/%00`, `${owner}/${'z'.repeat(2000)}`, owner, `${owner}/${tail}/x`, `%ff/${tail}`, `..%2F${owner}/${tail}`,
  ]);
}

const collections: Family = (random, targets) => {
  const { collection, collectionItem } = targets.community;
  const kind = random.int(0, 9);
  if (kind <= 1) {
    const url = kind === 0
      ? `/api/collections?owner=${random.pick(['alice', 'bob', '%ff', ''])}&item=${random.pick(['models/alice/m1', 'models', 'x/y', 'kernels/a/b', '%00', ''])}&q=${random.pick(['Fix', 'x'.repeat(201), '%ff'])}&sort=${random.pick(['trending', 'x'])}&limit=${random.pick(['1', '-1', '1e3', '0x10', '99999999999999999999', 'x', '0'])}&p=${random.pick(['0', '-1', '1.5', '1e9', 'x'])}`
      : `/api/collections/${random.chance(0.4) ? collection : badSlug(random, collection)}`;
    return { family: 'collections', method: random.pick(['GET', 'GET', 'HEAD']), target: target(url), headers: auth(random, targets) };
  }
  const action = random.pick(['create', 'update', 'add-item', 'update-item', 'delete', 'delete-item'] as const);
  const kinds = action === 'create' ? (['caller', 'body'] as const) : action === 'delete' ? (['caller', 'slug'] as const) : action === 'delete-item' ? (['caller', 'slug', 'item'] as const) : action === 'update-item' ? (['caller', 'slug', 'item', 'body'] as const) : (['caller', 'slug', 'body'] as const);
  const wrong = flaws<'caller' | 'slug' | 'item' | 'body'>(random, kinds);
  const caller = wrong.has('caller') ? refusedCaller(random, targets) : [['authorization', `Bearer ${targets.token}`] as [string, string]];
  const slug = wrong.has('slug') ? badSlug(random, collection) : collection;
  const item = wrong.has('item') ? random.pick(BAD_IDS) : collectionItem;
  const broken = (field: string): Buffer | undefined => (random.chance(0.1) ? brokenField(random, field) : random.chance(0.1) ? rawNumberField(random, 'position') : undefined);
  switch (action) {
    case 'create': {
      const body = wrong.has('body')
        ? (broken('title') ?? json(random.pick<unknown>([
            { title: random.pick([...NOT_STRING, ...LONE_SURROGATES, '', '   ', 'x'.repeat(101)]), namespace: 'alice' },
            { title: 'Fz', namespace: random.pick([...NOT_STRING, '', 'bob', 'nobody', 'x'.repeat(101)]) },
            { title: 'Fz', namespace: 'alice', description: random.pick([...NOT_STRING, ...LONE_SURROGATES, 'x'.repeat(1001)]) },
            { title: 'Fz', namespace: 'alice', private: random.pick(NOT_BOOL) },
            { title: 'Fixture collection', namespace: 'alice' },
            { title: 'Fz' },
            random.pick(JUNK),
          ])))
        : json({ title: 'Fz', namespace: 'alice' });
      return jsonWrite(random, 'collections', 'POST', '/api/collections', caller, body);
    }
    case 'update': {
      const body = wrong.has('body')
        ? (broken('description') ?? json(random.pick<unknown>([
            { title: random.pick([...NOT_STRING, ...LONE_SURROGATES, '', '   ', 'x'.repeat(101)]) },
            { description: random.pick([...NOT_STRING, ...LONE_SURROGATES, 'x'.repeat(1001)]) },
            { position: random.pick([-1, 1.5, '1', 2 ** 53 + 2, true]) },
            { private: random.pick(NOT_BOOL) },
            { theme: random.pick(['Indigo', 'x'.repeat(21), 5, 'red!', '']) },
            random.pick(JUNK.filter((value) => value !== null && typeof value !== 'object')),
          ])))
        : json({ title: 'Renamed', theme: 'green' });
      return jsonWrite(random, 'collections', 'PATCH', `/api/collections/${slug}`, caller, body);
    }
    case 'add-item': {
      const body = wrong.has('body')
        ? (broken('note') ?? json(random.pick<unknown>([
            { item: { type: random.pick(['paper', 'bucket', 'weird', 5, null]), id: targets.dataset } },
            { item: { type: 'dataset', id: random.pick([...NOT_STRING, '', 'x'.repeat(301), 'alice/nope', 'alice', 'a/b/c']) } },
            { item: { type: 'collection', id: badSlug(random, collection) } },
            // The collection itself, and the model it already holds.
            { item: { type: 'collection', id: collection } },
            { item: { type: 'model', id: random.pick([targets.repo, targets.repo.toUpperCase()]) } },
            { item: { type: 'dataset', id: targets.dataset }, note: random.pick([...NOT_STRING, ...LONE_SURROGATES, 'x'.repeat(501)]) },
            { item: random.pick(NOT_STRING) },
            { note: 'x' },
          ])))
        : json({ item: { type: 'dataset', id: targets.dataset }, note: 'fine' });
      return jsonWrite(random, 'collections', 'POST', `/api/collections/${slug}/items`, caller, body);
    }
    case 'update-item': {
      const body = wrong.has('body')
        ? (broken('note') ?? json(random.pick<unknown>([{ note: random.pick([...NOT_STRING, ...LONE_SURROGATES, 'x'.repeat(501)]) }, { position: random.pick([-1, 1.5, '1', 2 ** 53 + 2]) }, 5, 'x'])))
        : json({ note: 'changed', position: 0 });
      return jsonWrite(random, 'collections', 'PATCH', `/api/collections/${slug}/items/${item}`, caller, body);
    }
    case 'delete':
      return jsonWrite(random, 'collections', 'DELETE', `/api/collections/${slug}`, caller, random.chance(0.5) ? undefined : json({}));
    default:
      return jsonWrite(random, 'collections', 'DELETE', `/api/collections/${slug}/items/${item}`, caller, random.chance(0.5) ? undefined : json({}));
  }
};

const appDiscussions: Family = (random, targets) => {
  const { community } = targets;
  const kind = random.int(0, 5);
  const readCookie = (): Headers => (random.chance(0.9) ? [['cookie', random.pick([targets.cookie, community.readerCookie])]] : []);
  const repoOf = (bad: boolean): string => (bad ? random.pick(['model/alice%2Fnope', 'dataset/alice%2Fm1', 'x/alice%2Fm1', 'model/..%2F..%2Fetc', 'model/%ff', 'model/alice', `model/${'a'.repeat(300)}`]) : 'model/alice%2Fm1');
  if (kind <= 1) {
    const base = `/-/api/v1/repos/hub/${repoOf(random.chance(0.3))}/discussions`;
    const url = kind === 0 ? `${base}?limit=${random.pick(['1', '-1', '1e3', '0x10', '99999999999999999999', 'x', '500', '501'])}` : `${base}/${random.pick(['1', '2', '3', '4', ...BAD_NUMS])}`;
    return { family: 'app-discussions', method: 'GET', target: target(url), headers: readCookie() };
  }
  const action = random.pick(['comment', 'status', 'merge'] as const);
  const wrong = flaws(random, action === 'merge' ? (['caller', 'repo', 'num'] as const) : (['caller', 'repo', 'num', 'body'] as const));
  // The read-token user's session may read but not change; a forged or missing cookie is no session.
  const caller: Headers = wrong.has('caller')
    ? random.pick<Headers>([[], [['cookie', community.readerCookie]], [['cookie', 'hubkeeper_session=forged']], [['cookie', 'hubkeeper_session=']]])
    : [['cookie', targets.cookie]];
  const unmergeable = [community.discussion, community.conflictingPullRequest, community.mergedPullRequest].map(String);
  const badNums = action === 'merge' ? [...BAD_NUMS, ...unmergeable] : action === 'status' ? [...BAD_NUMS, String(community.mergedPullRequest)] : BAD_NUMS;
  const num = wrong.has('num') ? random.pick(badNums) : action === 'merge' ? String(community.pullRequest) : random.pick([community.discussion, community.pullRequest].map(String));
  const base = `/-/api/v1/repos/hub/${repoOf(wrong.has('repo'))}/discussions/${num}`;
  let body: Buffer;
  if (!wrong.has('body')) body = json(action === 'comment' ? { comment: 'fine' } : action === 'status' ? { status: 'closed' } : {});
  else if (random.chance(0.1)) body = brokenField(random, action === 'comment' ? 'comment' : 'status');
  else if (action === 'comment') body = json(random.pick<unknown>([{ comment: random.pick([...NOT_STRING, ...LONE_SURROGATES, null, '', ' ', 'x'.repeat(70_001)]) }, { comment: 'fine', extra: 1 }, {}, ...JUNK]));
  else body = json(random.pick<unknown>([{ status: random.pick(['merged', 'draft', 'OPEN', 5, null, '']) }, { status: 'closed', comment: 'x' }, {}, ...JUNK]));
  return jsonWrite(random, 'app-discussions', 'POST', `${base}/${action}`, caller, body);
};

/** Any of the above with its framing or headers broken. */
const headerJunk: Family = (random, targets) => {
  const base = random.pick([readPaths, staticUi, preupload, hubDiscussions, collections, appDiscussions])(random, targets);
  const headers: Array<readonly [string, string | Buffer]> = [...base.headers];
  let noHost = false;
  let noLength = false;
  switch (random.int(0, 8)) {
    case 0:
      noHost = true;
      break;
    case 1:
      headers.push(['host', random.pick(['evil.example', '', 'localhost:1', '[::1'])]);
      break;
    case 2:
      headers.push(['x-big', 'a'.repeat(random.pick([9000, 70_000]))]);
      break;
    case 3:
      headers.push(['x-bytes', Buffer.from([0x61, 0xff, 0x00, 0x62])]);
      break;
    case 4:
      headers.push(['transfer-encoding', random.pick(['chunked', 'gzip', 'chunked, chunked', 'identity', 'gzip, chunked'])]);
      noLength = true;
      return { ...base, family: 'headers', headers, noLength, body: Buffer.from(random.pick(['0\r\n\r\n', 'zz\r\n\r\n', '5\r\nab\r\n0\r\n\r\n', '3\r\nabc\r\n0\r\n\r\n', '-1\r\n\r\n'])) };
    case 5:
      headers.push(['content-length', random.pick(['-1', 'abc', '1, 2', '99999999999999999999'])]);
      noLength = true;
      break;
    case 6:
      headers.push(['authorization', random.pick(['Bearer', 'Basic', `Bearer ${'x'.repeat(5000)}`, 'Basic %%%', 'Bearer hf_\u00ff'])]);
      break;
    case 7:
      headers.push(['content-type', random.pick(CONTENT_TYPES)], ['content-encoding', random.pick(['gzip', 'br', 'x'])]);
      break;
    default:
      headers.push(['expect', random.pick(['100-continue', 'nonsense'])], ['connection', random.pick(['upgrade', 'keep-alive, x'])], ['upgrade', 'websocket']);
  }
  const method = random.chance(0.1) ? random.pick(['PATCH', 'TRACE', 'CONNECT', 'FOO', 'get', 'PROPFIND']) : base.method;
  return { ...base, family: 'headers', method, headers, noHost, noLength };
};

export const FAMILIES: ReadonlyArray<readonly [name: string, weight: number, generate: Family]> = [
  ['ndjson-commit', 3, ndjsonCommit],
  ['preupload', 1, preupload],
  ['lfs-batch', 2, lfsBatch],
  ['lfs-transfer', 2, lfsTransfer],
  ['read-paths', 3, readPaths],
  ['ref-writes', 1, refWrites],
  ['repo-writes', 1, repoWrites],
  ['app-api', 2, appApi],
  ['static-ui', 1, staticUi],
  ['headers', 2, headerJunk],
  ['discussions', 3, hubDiscussions],
  ['access-requests', 1, accessRequests],
  ['collections', 2, collections],
  ['app-discussions', 1, appDiscussions],
];

/** The next request: a family picked by weight, then its generator. */
export function generateRequest(random: SeededRandom, targets: FuzzTargets): FuzzRequest {
  const total = FAMILIES.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random.next() * total;
  for (const [, weight, generate] of FAMILIES) {
    roll -= weight;
    if (roll < 0) return generate(random, targets);
  }
  return ndjsonCommit(random, targets);
}

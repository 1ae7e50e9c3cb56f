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
  return random.pick(['main', 'dev', 'v1', targets.head, 'refs%2Fpr%2F1', 'refs/pr/1', 'HEAD', '0'.repeat(40), 'refs%2Fheads%2Fmain', ...BAD_REFS]);
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
    target: target(`/api/models/${random.chance(0.9) ? targets.repo : random.pick(REPO_IDS)}/commit/${random.chance(0.8) ? 'main' : revision(random, targets)}`),
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
    target: target(`/api/models/${repoPath(random, targets)}/preupload/${revision(random, targets)}`),
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

/** Any of the above with its framing or headers broken. */
const headerJunk: Family = (random, targets) => {
  const base = random.pick([readPaths, staticUi, preupload])(random, targets);
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

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileGlob } from './find-query.js';
import { globLookup } from './glob-lookup.js';

test('a literal name, an extension, a name prefix or an inner literal narrow a glob; the rest is a scan', () => {
  assert.deepEqual(globLookup('config.json'), { kind: 'name', name: 'config.json' });
  assert.deepEqual(globLookup('**/config.json'), { kind: 'name', name: 'config.json' });
  assert.deepEqual(pick(globLookup('*.GGUF')), { kind: 'ext', ext: 'GGUF', prefix: '' });
  assert.deepEqual(pick(globLookup('sub/**/model-*-of-*.safetensors')), { kind: 'ext', ext: 'safetensors', prefix: 'model-' });
  assert.deepEqual(pick(globLookup('README*')), { kind: 'prefix', prefix: 'README' });
  assert.deepEqual(pick(globLookup('*q4_k*')), { kind: 'like', like: '%q4\\_k%' });
  for (const glob of ['weights/**', '!a.json', '{a,b/c}.json', '@(a|b).json', '[ab].json', 'a\\*b', '*', 'dir/']) assert.equal(globLookup(glob).kind, 'scan', glob);
});

test('every name a path glob matches passes the lookup of its name', () => {
  const names = ['config.json', 'CONFIG.JSON', '.json', 'model-00001-of-00002.safetensors', 'README', 'README.md', 'q4_k_m.gguf', 'a.b.c', 'x.', 'é.json'];
  for (const glob of ['*.json', '**/*.json', 'README*', '*q4_k*', 'model-*-of-*.safetensors', '?.json', '*.', 'sub/*.c']) {
    const lookup = globLookup(glob);
    const matches = compileGlob(glob);
    for (const name of names) {
      const path = glob.startsWith('sub/') ? `sub/${name}` : name;
      if (!matches(path)) continue;
      const passes = lookup.kind === 'name' ? lookup.name === name : lookup.kind === 'scan' || lookup.nameMatches(name);
      assert.ok(passes, `${glob} matches ${path} but its lookup drops ${name}`);
      if (lookup.kind === 'ext') assert.equal(name.slice(name.lastIndexOf('.') + 1).toLowerCase(), lookup.ext.toLowerCase());
      if (lookup.kind === 'ext' || lookup.kind === 'prefix') assert.ok(name.startsWith(lookup.prefix));
    }
  }
});

function pick(lookup: ReturnType<typeof globLookup>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(lookup).filter(([key]) => key !== 'nameMatches'));
}

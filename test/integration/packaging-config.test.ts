import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

/** The schema electron-builder validates its own configuration with, read offline from its package. */
function electronBuilderValidator(): (config: unknown) => readonly string[] {
  const schemaPath = require.resolve('app-builder-lib/scheme.json', { paths: [require.resolve('electron-builder')] });
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return (config) => (validate(config) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`));
}

interface PackagingConfig {
  readonly files: readonly string[];
  readonly asarUnpack: readonly string[];
  readonly protocols: readonly { readonly schemes: readonly string[] }[];
  readonly linux: { readonly target: readonly string[]; readonly icon: string; readonly mimeTypes: readonly string[] };
  readonly mac: { readonly target: readonly string[]; readonly icon: string };
  readonly win: { readonly target: string; readonly icon: string };
  readonly publish?: unknown;
}

const config = parse(readFileSync(`${root}electron-builder.yml`, 'utf8')) as PackagingConfig;
const validate = electronBuilderValidator();

describe('electron-builder.yml', () => {
  it('is valid against the schema shipped inside electron-builder', () => {
    assert.deepEqual(validate(config), []);
  });

  it('the validator rejects what electron-builder would reject (a misspelt key, a wrong type)', () => {
    assert.notDeepEqual(validate({ ...config, asarUnpak: ['x'] }), []);
    assert.notDeepEqual(validate({ ...config, linux: { ...config.linux, target: 42 } }), []);
  });

  it('builds AppImage and deb, dmg and zip (for macOS updates), and nsis', () => {
    assert.deepEqual([...config.linux.target].sort(), ['AppImage', 'deb']);
    assert.deepEqual([...config.mac.target].sort(), ['dmg', 'zip']);
    assert.equal(config.win.target, 'nsis');
  });

  it('unpacks the native modules from asar and ships the icons that exist in resources/', () => {
    assert.ok(config.asarUnpack.some((glob) => glob.includes('better-sqlite3')));
    assert.ok(config.asarUnpack.includes('build/Release/hubkeeper_native.node'));
    for (const icon of [config.linux.icon, config.mac.icon, config.win.icon]) assert.ok(existsSync(`${root}${icon}`), icon);
    assert.ok(config.files.includes('dist/**'), 'the core and the built renderer ship in dist/');
  });

  it('claims hubkeeper:// links on every platform and builds in no update feed', () => {
    assert.ok(config.protocols.some((p) => p.schemes.includes('hubkeeper')));
    assert.ok(config.linux.mimeTypes.includes('x-scheme-handler/hubkeeper'));
    assert.equal(config.publish, undefined, 'a feed is added when packaging (npm run dist -- -c.publish.url=...)');
  });
});

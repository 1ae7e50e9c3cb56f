import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, DEFAULT_LFS_THRESHOLD, DEFAULT_PORT, debugRequested, defaultDataDir, loadConfig, type SystemInfo } from './config.js';

const linux: SystemInfo = { platform: 'linux', homeDir: '/home/ann', appRoot: '/opt/hubkeeper' };

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses safe defaults when nothing is set', () => {
    const config = loadConfig({}, {}, linux);
    assert.equal(config.dataDir, '/home/ann/.local/share/hubkeeper');
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, DEFAULT_PORT);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.dev, false);
    assert.equal(config.bootstrapUser, undefined);
    assert.equal(config.bootstrapToken, undefined);
    assert.equal(config.lfsThreshold, DEFAULT_LFS_THRESHOLD);
    assert.equal(config.lfsThreshold, 10 * 1024 * 1024);
    assert.equal(config.uiDir, '/opt/hubkeeper/dist/renderer');
    assert.ok(Object.isFrozen(config));
  });

  it('reads every HUBKEEPER_ variable', () => {
    const config = loadConfig(
      {
        HUBKEEPER_HOME: '/srv/hk',
        HUBKEEPER_HOST: '0.0.0.0',
        HUBKEEPER_PORT: '0',
        HUBKEEPER_LOG_LEVEL: 'DEBUG',
        HUBKEEPER_DEV: 'yes',
        HUBKEEPER_BOOTSTRAP_USER: 'alice',
        HUBKEEPER_BOOTSTRAP_TOKEN: 'hf_abcdefgh',
        HUBKEEPER_LFS_THRESHOLD: '1024',
        HUBKEEPER_GC_GRACE_SECONDS: '60',
      },
      {},
      linux,
    );
    assert.equal(config.dataDir, '/srv/hk');
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.port, 0);
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.dev, true);
    assert.equal(config.bootstrapUser, 'alice');
    assert.equal(config.bootstrapToken, 'hf_abcdefgh');
    assert.equal(config.lfsThreshold, 1024);
    assert.equal(config.gcGraceSeconds, 60);
  });

  it('lets command-line values win over the environment, and resolves relative data dirs', () => {
    const config = loadConfig({ HUBKEEPER_HOME: '/srv/hk', HUBKEEPER_PORT: '9000' }, { dataDir: 'rel/data', port: 0, host: '[::1]' }, linux);
    assert.equal(config.dataDir, resolve('rel/data'));
    assert.equal(config.port, 0);
    assert.equal(config.host, '::1');
  });

  it('turns on console logging for NODE_ENV=development unless HUBKEEPER_DEV says otherwise', () => {
    assert.equal(loadConfig({ NODE_ENV: 'development' }, {}, linux).dev, true);
    assert.equal(loadConfig({ NODE_ENV: 'development', HUBKEEPER_DEV: '0' }, {}, linux).dev, false);
    assert.equal(loadConfig({ NODE_ENV: 'production' }, {}, linux).dev, false);
  });

  it('treats empty variables as unset', () => {
    assert.equal(loadConfig({ HUBKEEPER_PORT: '', HUBKEEPER_HOME: '' }, {}, linux).port, DEFAULT_PORT);
  });

  it('names the variable and the bad value', () => {
    const error = configError(() => loadConfig({ HUBKEEPER_PORT: 'eighty' }, {}, linux));
    assert.match(error.message, /HUBKEEPER_PORT must be an integer from 0 to 65535 \(got "eighty"\)/);
    assert.match(configError(() => loadConfig({ HUBKEEPER_PORT: '70000' }, {}, linux)).message, /HUBKEEPER_PORT/);
    assert.match(configError(() => loadConfig({ HUBKEEPER_LOG_LEVEL: 'loud' }, {}, linux)).message, /HUBKEEPER_LOG_LEVEL must be one of fatal, error/);
    assert.match(configError(() => loadConfig({ HUBKEEPER_DEV: 'maybe' }, {}, linux)).message, /HUBKEEPER_DEV must be one of/);
    assert.match(configError(() => loadConfig({ HUBKEEPER_LFS_THRESHOLD: '10MB' }, {}, linux)).message, /HUBKEEPER_LFS_THRESHOLD must be a whole number of bytes/);
    assert.match(configError(() => loadConfig({ HUBKEEPER_HOST: 'a b' }, {}, linux)).message, /HUBKEEPER_HOST must be a host name/);
  });

  it('names the command-line option when the bad value came from there', () => {
    assert.match(configError(() => loadConfig({}, { port: 'x' }, linux)).message, /--port must be an integer/);
  });

  it('reports every problem at once', () => {
    const error = configError(() => loadConfig({ HUBKEEPER_PORT: '-1', HUBKEEPER_LOG_LEVEL: 'x' }, {}, linux));
    assert.equal(error.problems.length, 2);
  });

  it('rejects a bootstrap token without the hf_ prefix, without echoing it', () => {
    const secret = 'ghp_0123456789abcdef';
    const error = configError(() => loadConfig({ HUBKEEPER_BOOTSTRAP_USER: 'alice', HUBKEEPER_BOOTSTRAP_TOKEN: secret }, {}, linux));
    assert.match(error.message, /HUBKEEPER_BOOTSTRAP_TOKEN must be "hf_" followed by/);
    assert.ok(!error.message.includes(secret));
    assert.match(
      configError(() => loadConfig({ HUBKEEPER_BOOTSTRAP_USER: 'alice', HUBKEEPER_BOOTSTRAP_TOKEN: 'hf_short' }, {}, linux)).message,
      /HUBKEEPER_BOOTSTRAP_TOKEN/,
    );
  });

  it('rejects an invalid or reserved bootstrap user name', () => {
    const token = 'hf_abcdefgh';
    assert.match(configError(() => loadConfig({ HUBKEEPER_BOOTSTRAP_USER: 'bad name', HUBKEEPER_BOOTSTRAP_TOKEN: token }, {}, linux)).message, /HUBKEEPER_BOOTSTRAP_USER/);
    assert.match(configError(() => loadConfig({ HUBKEEPER_BOOTSTRAP_USER: 'api', HUBKEEPER_BOOTSTRAP_TOKEN: token }, {}, linux)).message, /reserved/);
  });

  it('requires the bootstrap user and token together', () => {
    assert.match(configError(() => loadConfig({ HUBKEEPER_BOOTSTRAP_USER: 'alice' }, {}, linux)).message, /must be set together/);
  });
});

describe('defaultDataDir', () => {
  it('follows XDG on Linux, ignoring a relative XDG_DATA_HOME', () => {
    assert.equal(defaultDataDir({ XDG_DATA_HOME: '/data/x' }, linux), '/data/x/hubkeeper');
    assert.equal(defaultDataDir({ XDG_DATA_HOME: 'relative' }, linux), '/home/ann/.local/share/hubkeeper');
  });

  it('uses Application Support on macOS', () => {
    assert.equal(defaultDataDir({}, { platform: 'darwin', homeDir: '/Users/ann' }), '/Users/ann/Library/Application Support/HubKeeper');
  });

  it('uses APPDATA on Windows', () => {
    assert.equal(defaultDataDir({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, { platform: 'win32', homeDir: 'C:\\Users\\ann' }), 'C:\\Users\\ann\\AppData\\Roaming\\HubKeeper');
    assert.equal(defaultDataDir({}, { platform: 'win32', homeDir: 'C:\\Users\\ann' }), 'C:\\Users\\ann\\AppData\\Roaming\\HubKeeper');
  });
});

describe('debugRequested', () => {
  it('reads HUBKEEPER_DEBUG leniently', () => {
    assert.equal(debugRequested({ HUBKEEPER_DEBUG: '1' }), true);
    assert.equal(debugRequested({ HUBKEEPER_DEBUG: 'true' }), true);
    assert.equal(debugRequested({}), false);
    assert.equal(debugRequested({ HUBKEEPER_DEBUG: '0' }), false);
  });
});

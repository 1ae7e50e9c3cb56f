import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { thrownError } from '../../test/helpers/app-error.js';
import { debugRequested } from './app-info.js';
import { ConfigError, DEFAULT_LFS_THRESHOLD, DEFAULT_PORT, defaultDataDir, loadConfig, type SystemInfo } from './config.js';

const linux: SystemInfo = { platform: 'linux', homeDir: '/home/ann', appRoot: '/opt/hubkeeper' };

const configError = (run: () => unknown): ConfigError => thrownError(ConfigError, run);

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

  it('records which of host, port and LFS threshold an option or variable gave, so saved settings yield to them', () => {
    assert.deepEqual(loadConfig({}, {}, linux).explicit, { host: false, port: false, lfsThreshold: false });
    assert.deepEqual(loadConfig({ HUBKEEPER_PORT: '9000', HUBKEEPER_HOST: '' }, {}, linux).explicit, { host: false, port: true, lfsThreshold: false });
    assert.deepEqual(loadConfig({ HUBKEEPER_LFS_THRESHOLD: '2048' }, { host: '0.0.0.0' }, linux).explicit, { host: true, port: false, lfsThreshold: true });
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

describe('loadConfig: Hugging Face settings', () => {
  const hf = (env: Record<string, string>, overrides = {}, system: SystemInfo = linux) => loadConfig(env, overrides, system).hf;

  it('defaults to ~/.cache/huggingface like huggingface_hub', () => {
    const config = hf({});
    assert.equal(config.home, '/home/ann/.cache/huggingface');
    assert.equal(config.hubCache, '/home/ann/.cache/huggingface/hub');
    assert.equal(config.tokenPath, '/home/ann/.cache/huggingface/token');
    assert.equal(config.storedTokensPath, '/home/ann/.cache/huggingface/stored_tokens');
    assert.equal(config.endpoint, 'https://huggingface.co');
    assert.equal(config.token, undefined);
    assert.equal(config.offline, false);
    assert.equal(config.disableSymlinks, false);
    assert.equal(config.disableProgressBars, undefined);
    assert.equal(config.disableImplicitToken, false);
    assert.equal(config.etagTimeoutSeconds, 10);
    assert.equal(config.downloadTimeoutSeconds, 10);
    assert.deepEqual(config.proxy, { httpProxy: undefined, httpsProxy: undefined, noProxy: [] });
    assert.equal(config.caFile, undefined);
  });

  it('picks the cache folder in Python order: HF_HUB_CACHE > HUGGINGFACE_HUB_CACHE > HF_HOME/hub > XDG_CACHE_HOME', () => {
    const all = { HF_HUB_CACHE: '/a', HUGGINGFACE_HUB_CACHE: '/b', HF_HOME: '/c', XDG_CACHE_HOME: '/d' };
    assert.equal(hf(all).hubCache, '/a');
    assert.equal(hf({ ...all, HF_HUB_CACHE: '' }).hubCache, '/b');
    assert.equal(hf({ HF_HOME: '/c', XDG_CACHE_HOME: '/d' }).hubCache, '/c/hub');
    assert.equal(hf({ XDG_CACHE_HOME: '/d' }).hubCache, '/d/huggingface/hub');
    assert.equal(hf({ XDG_CACHE_HOME: '/d' }).home, '/d/huggingface');
    assert.equal(hf(all, { hubCache: '/cli' }).hubCache, '/cli');
  });

  it('expands ~ and $VARS in paths as os.path.expanduser/expandvars do', () => {
    assert.equal(hf({ HF_HOME: '~/hf' }).hubCache, '/home/ann/hf/hub');
    assert.equal(hf({ HF_HUB_CACHE: '$DISK/hf/${SUB}', DISK: '/mnt/big', SUB: 'hub' }).hubCache, '/mnt/big/hf/hub');
    assert.equal(hf({ HF_HUB_CACHE: '/x/$UNSET_VAR' }).hubCache, '/x/$UNSET_VAR');
    assert.equal(hf({ HF_TOKEN_PATH: '~/secrets/hf' }).tokenPath, '/home/ann/secrets/hf');
  });

  it('keeps named tokens next to the token file, as HF_STORED_TOKENS_PATH does', () => {
    const config = hf({ HF_HOME: '/h', HF_TOKEN_PATH: '/elsewhere/tok' });
    assert.equal(config.tokenPath, '/elsewhere/tok');
    assert.equal(config.storedTokensPath, '/elsewhere/stored_tokens');
    assert.equal(hf({ HF_HOME: '/h' }).storedTokensPath, '/h/stored_tokens');
  });

  it('strips trailing slashes from HF_ENDPOINT and rejects non-HTTP values', () => {
    assert.equal(hf({ HF_ENDPOINT: 'http://127.0.0.1:7870/' }).endpoint, 'http://127.0.0.1:7870');
    assert.equal(hf({ HF_ENDPOINT: 'https://hub.example/mirror//' }).endpoint, 'https://hub.example/mirror');
    assert.equal(hf({ HF_ENDPOINT: 'https://a.example' }, { endpoint: 'http://b.example/' }).endpoint, 'http://b.example');
    assert.match(configError(() => loadConfig({ HF_ENDPOINT: 'ftp://x' }, {}, linux)).message, /HF_ENDPOINT must be an http/);
    assert.match(configError(() => loadConfig({}, { endpoint: 'nope' }, linux)).message, /--endpoint must be an http/);
  });

  it('reads HF_TOKEN, then the legacy HUGGING_FACE_HUB_TOKEN, cleaned like _clean_token', () => {
    assert.equal(hf({ HF_TOKEN: ' hf_abc\n', HUGGING_FACE_HUB_TOKEN: 'hf_old' }).token, 'hf_abc');
    assert.equal(hf({ HUGGING_FACE_HUB_TOKEN: 'hf_old' }).token, 'hf_old');
    assert.equal(hf({ HF_TOKEN: '  ', HUGGING_FACE_HUB_TOKEN: 'hf_old' }).token, undefined);
  });

  it('reads flags with Python _is_true: 1/ON/YES/TRUE in any case, anything else false', () => {
    assert.equal(hf({ HF_HUB_OFFLINE: 'yes' }).offline, true);
    assert.equal(hf({ TRANSFORMERS_OFFLINE: '1' }).offline, true);
    // HF_HUB_OFFLINE wins when set, even to a false value.
    assert.equal(hf({ HF_HUB_OFFLINE: '0', TRANSFORMERS_OFFLINE: '1' }).offline, false);
    assert.equal(hf({ HF_HUB_OFFLINE: 'maybe' }).offline, false);
    assert.equal(hf({ HF_HUB_DISABLE_SYMLINKS: 'True' }).disableSymlinks, true);
    assert.equal(hf({ HF_HUB_DISABLE_IMPLICIT_TOKEN: 'on' }).disableImplicitToken, true);
    assert.equal(hf({ HF_HUB_DISABLE_PROGRESS_BARS: '1' }).disableProgressBars, true);
    assert.equal(hf({ HF_HUB_DISABLE_PROGRESS_BARS: '0' }).disableProgressBars, false);
  });

  it('reads timeouts as whole seconds, 0 meaning the default', () => {
    assert.equal(hf({ HF_HUB_ETAG_TIMEOUT: '30', HF_HUB_DOWNLOAD_TIMEOUT: '60' }).etagTimeoutSeconds, 30);
    assert.equal(hf({ HF_HUB_DOWNLOAD_TIMEOUT: '60' }).downloadTimeoutSeconds, 60);
    assert.equal(hf({ HF_HUB_ETAG_TIMEOUT: '0' }).etagTimeoutSeconds, 10);
    assert.match(configError(() => loadConfig({ HF_HUB_ETAG_TIMEOUT: 'soon' }, {}, linux)).message, /HF_HUB_ETAG_TIMEOUT must be a whole number/);
  });

  it('reads proxies in either case, the lower-case name winning, and adds a missing scheme', () => {
    const config = hf({ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2', HTTP_PROXY: 'proxy:3128', NO_PROXY: 'localhost, .corp ,,127.0.0.1' });
    assert.equal(config.proxy.httpsProxy, 'http://lower:2');
    assert.equal(config.proxy.httpProxy, 'http://proxy:3128');
    assert.deepEqual(config.proxy.noProxy, ['localhost', '.corp', '127.0.0.1']);
    assert.equal(hf({ ALL_PROXY: 'socks5://s:1' }).proxy.httpsProxy, 'socks5://s:1');
  });

  it('takes a custom CA from HUBKEEPER_CA_FILE, else NODE_EXTRA_CA_CERTS', () => {
    assert.equal(hf({ NODE_EXTRA_CA_CERTS: '/etc/ca.pem' }).caFile, '/etc/ca.pem');
    assert.equal(hf({ NODE_EXTRA_CA_CERTS: '/etc/ca.pem', HUBKEEPER_CA_FILE: '~/corp.pem' }).caFile, '/home/ann/corp.pem');
  });

  it('uses ~/.cache on Windows too, as huggingface_hub does', () => {
    const windows: SystemInfo = { platform: 'win32', homeDir: 'C:\\Users\\ann', appRoot: 'C:\\hk' };
    assert.equal(hf({}, {}, windows).hubCache, 'C:\\Users\\ann\\.cache\\huggingface\\hub');
    assert.equal(hf({ HF_HOME: '%LOCALAPPDATA%\\hf', LOCALAPPDATA: 'D:\\L' }, {}, windows).hubCache, 'D:\\L\\hf\\hub');
  });
});

import { homedir, platform as osPlatform } from 'node:os';
import { isAbsolute, join, posix, resolve, win32 } from 'node:path';
import { z } from 'zod';
import { RESERVED_NAMESPACES, nameProblem } from '../shared/repo-id.js';
import { trimEndpoint } from '../shared/endpoint.js';
import { cleanToken, isTokenFormat } from '../shared/token-format.js';
import { DEBUG_ENV, FALSE_WORDS, TRUE_WORDS, appRoot } from './app-info.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 7870;
export const DEFAULT_LFS_THRESHOLD = 10 * 1024 * 1024;
export const DEFAULT_GC_GRACE_SECONDS = 24 * 60 * 60;
export const DEFAULT_HF_ENDPOINT = 'https://huggingface.co';
/** Python's DEFAULT_ETAG_TIMEOUT and DEFAULT_DOWNLOAD_TIMEOUT, in seconds. */
export const DEFAULT_HF_TIMEOUT_SECONDS = 10;
export const DEFAULT_MULTIPART_CHUNK_SIZE = 64 * 1024 * 1024;

export interface Config {
  /** Holds the database, blobs and logs. Absolute. */
  readonly dataDir: string;
  readonly host: string;
  /** 0 asks the OS for a free port. */
  readonly port: number;
  readonly logLevel: LogLevel;
  /** Development mode: logs also go to the console (stderr). */
  readonly dev: boolean;
  /** Show stack traces for CLI errors. */
  readonly debug: boolean;
  readonly bootstrapUser: string | undefined;
  readonly bootstrapToken: string | undefined;
  /** Files of at least this many bytes are stored as LFS objects. */
  readonly lfsThreshold: number;
  /** Unreferenced blobs younger than this survive garbage collection. */
  readonly gcGraceSeconds: number;
  /** LFS objects of at least this many bytes are offered multipart uploads; 0 never. */
  readonly multipartThreshold: number;
  /** Part size of multipart LFS uploads. */
  readonly multipartChunkSize: number;
  /** The built renderer served at /-/ui/. */
  readonly uiDir: string;
  /** The Hugging Face client settings shared with Python `huggingface_hub` (HF_* variables). */
  readonly hf: HfConfig;
  /** Which settings an option or environment variable gave; those win over values saved in the UI. */
  readonly explicit: ExplicitSettings;
}

export interface ExplicitSettings {
  readonly host: boolean;
  readonly port: boolean;
  readonly lfsThreshold: boolean;
}

/** Proxy settings from the usual variables; a lower-case name wins over its upper-case twin, as in Python and curl. */
export interface ProxyConfig {
  readonly httpProxy: string | undefined;
  readonly httpsProxy: string | undefined;
  /** Host names, domain suffixes, IPs or `*`, from NO_PROXY. */
  readonly noProxy: readonly string[];
}

/**
 * The Hugging Face client side of the configuration: where the shared cache and token files are
 * and how to reach the hub. Every value follows Python `huggingface_hub`'s `constants.py`.
 */
export interface HfConfig {
  /** HF_HOME, else $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface. */
  readonly home: string;
  /** HF_HUB_CACHE > HUGGINGFACE_HUB_CACHE > $HF_HOME/hub. */
  readonly hubCache: string;
  /** HF_ENDPOINT without trailing slashes; https://huggingface.co by default. */
  readonly endpoint: string;
  /** HF_TOKEN (or the legacy HUGGING_FACE_HUB_TOKEN), cleaned of spaces and newlines. */
  readonly token: string | undefined;
  /** HF_TOKEN_PATH, else $HF_HOME/token: the active token, as `hf auth login` writes it. */
  readonly tokenPath: string;
  /** The named tokens (INI), next to the token file as Python puts it. */
  readonly storedTokensPath: string;
  /** HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE when HF_HUB_OFFLINE is unset): no HTTP at all. */
  readonly offline: boolean;
  /** HF_HUB_DISABLE_SYMLINKS: snapshots get copies of blobs instead of symlinks. */
  readonly disableSymlinks: boolean;
  /** HF_HUB_DISABLE_PROGRESS_BARS: true forces them off, false on, undefined leaves it to the caller. */
  readonly disableProgressBars: boolean | undefined;
  /** HF_HUB_DISABLE_IMPLICIT_TOKEN: send a token only when one is passed explicitly. */
  readonly disableImplicitToken: boolean;
  /** HF_HUB_ETAG_TIMEOUT: seconds to wait for a metadata (HEAD) answer. */
  readonly etagTimeoutSeconds: number;
  /** HF_HUB_DOWNLOAD_TIMEOUT: seconds without data before a download attempt fails. */
  readonly downloadTimeoutSeconds: number;
  readonly proxy: ProxyConfig;
  /** Extra CA certificates (PEM) trusted for HTTPS: HUBKEEPER_CA_FILE, else NODE_EXTRA_CA_CERTS. */
  readonly caFile: string | undefined;
}

/** Values given on the command line or by a host (Electron, tests); they win over the environment. */
export interface ConfigOverrides {
  readonly dataDir?: string;
  readonly host?: string;
  readonly port?: number | string;
  readonly logLevel?: string;
  readonly dev?: boolean;
  readonly debug?: boolean;
  readonly bootstrapUser?: string;
  readonly bootstrapToken?: string;
  readonly lfsThreshold?: number | string;
  readonly gcGraceSeconds?: number | string;
  readonly multipartThreshold?: number | string;
  readonly multipartChunkSize?: number | string;
  readonly uiDir?: string;
  /** The Hugging Face cache folder (wins over HF_HUB_CACHE). */
  readonly hubCache?: string;
  /** The hub to talk to (wins over HF_ENDPOINT). */
  readonly endpoint?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Where the defaults come from; injectable so tests can ask for another platform. */
export interface SystemInfo {
  readonly platform: NodeJS.Platform;
  readonly homeDir: string;
  readonly appRoot: string;
}

/** A bad setting: the message names the variable or option, and never echoes a secret. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.length === 1 ? `Invalid configuration: ${problems[0]}` : `Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const ENV = {
  home: 'HUBKEEPER_HOME',
  host: 'HUBKEEPER_HOST',
  port: 'HUBKEEPER_PORT',
  logLevel: 'HUBKEEPER_LOG_LEVEL',
  dev: 'HUBKEEPER_DEV',
  debug: DEBUG_ENV,
  bootstrapUser: 'HUBKEEPER_BOOTSTRAP_USER',
  bootstrapToken: 'HUBKEEPER_BOOTSTRAP_TOKEN',
  lfsThreshold: 'HUBKEEPER_LFS_THRESHOLD',
  gcGraceSeconds: 'HUBKEEPER_GC_GRACE_SECONDS',
  multipartThreshold: 'HUBKEEPER_MULTIPART_THRESHOLD',
  multipartChunkSize: 'HUBKEEPER_MULTIPART_CHUNK_SIZE',
  uiDir: 'HUBKEEPER_UI_DIR',
} as const;

const OPTION_LABELS: Readonly<Record<keyof ConfigOverrides, string>> = {
  dataDir: '--data',
  host: '--host',
  port: '--port',
  logLevel: '--log-level',
  dev: 'option "dev"',
  debug: 'option "debug"',
  bootstrapUser: 'option "bootstrapUser"',
  bootstrapToken: 'option "bootstrapToken"',
  lfsThreshold: 'option "lfsThreshold"',
  gcGraceSeconds: 'option "gcGraceSeconds"',
  multipartThreshold: 'option "multipartThreshold"',
  multipartChunkSize: 'option "multipartChunkSize"',
  uiDir: 'option "uiDir"',
  hubCache: '--cache-dir',
  endpoint: '--endpoint',
};

const flag = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .refine((value) => TRUE_WORDS.includes(value) || FALSE_WORDS.includes(value), 'must be one of 1, 0, true, false, yes, no, on, off')
  .transform((value) => TRUE_WORDS.includes(value));

const wholeNumber = (max: number, what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be ${what}`)
    .transform(Number)
    .refine((value) => value <= max, `must be ${what}`);

const partSize = wholeNumber(Number.MAX_SAFE_INTEGER, 'a whole number of bytes, at least 1 MiB').refine(
  (value) => value >= 1024 * 1024,
  'must be at least 1 MiB',
);

const path = z.string().trim().min(1, 'must not be empty').transform((value) => resolve(value));

const host = z
  .string()
  .trim()
  .transform((value) => (value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value))
  .refine((value) => /^[A-Za-z0-9.:_-]+$/.test(value), 'must be a host name or an IP address such as 127.0.0.1 or 0.0.0.0');

const logLevel = z.string().trim().toLowerCase().pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }));

const userName = z.string().trim().superRefine((value, ctx) => {
  const problem = nameProblem(value) ?? (RESERVED_NAMESPACES.has(value.toLowerCase()) ? 'is a reserved name' : undefined);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const token = z.string().trim().refine(isTokenFormat, 'must be "hf_" followed by 8 to 253 letters, digits, "_" or "-"');

/**
 * Reads every setting from the overrides, else the environment, else the defaults, and checks
 * them all, reporting every bad one at once. The only module that reads `process.env`.
 */
export function loadConfig(env: Env = process.env, overrides: ConfigOverrides = {}, system: SystemInfo = currentSystem()): Config {
  const problems: string[] = [];
  const given = new Set<keyof ConfigOverrides>();

  function read<T>(key: keyof ConfigOverrides, envName: string | undefined, schema: z.ZodType<T, string>, fallback: T, secret = false): T {
    const override = overrides[key];
    const envValue = envName === undefined ? undefined : env[envName];
    let label: string;
    let raw: string;
    if (override !== undefined) {
      label = OPTION_LABELS[key];
      raw = String(override);
    } else if (envName !== undefined && envValue !== undefined && envValue !== '') {
      label = envName;
      raw = envValue;
    } else {
      return fallback;
    }
    given.add(key);
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    const shown = secret ? '' : ` (got ${JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}...` : raw)})`;
    problems.push(`${label} ${result.error.issues[0]?.message ?? 'is invalid'}${shown}`);
    return fallback;
  }

  const dataDir = read('dataDir', ENV.home, path, defaultDataDir(env, system));
  const config: Config = {
    dataDir,
    host: read('host', ENV.host, host, DEFAULT_HOST),
    port: read('port', ENV.port, wholeNumber(65535, 'an integer from 0 to 65535'), DEFAULT_PORT),
    logLevel: read('logLevel', ENV.logLevel, logLevel, 'info'),
    dev: read('dev', ENV.dev, flag, env.NODE_ENV === 'development'),
    debug: read('debug', ENV.debug, flag, false),
    bootstrapUser: read<string | undefined>('bootstrapUser', ENV.bootstrapUser, userName, undefined),
    bootstrapToken: read<string | undefined>('bootstrapToken', ENV.bootstrapToken, token, undefined, true),
    lfsThreshold: read('lfsThreshold', ENV.lfsThreshold, wholeNumber(Number.MAX_SAFE_INTEGER, 'a whole number of bytes'), DEFAULT_LFS_THRESHOLD),
    gcGraceSeconds: read('gcGraceSeconds', ENV.gcGraceSeconds, wholeNumber(Number.MAX_SAFE_INTEGER, 'a whole number of seconds'), DEFAULT_GC_GRACE_SECONDS),
    multipartThreshold: read('multipartThreshold', ENV.multipartThreshold, wholeNumber(Number.MAX_SAFE_INTEGER, 'a whole number of bytes (0: never)'), 0),
    multipartChunkSize: read('multipartChunkSize', ENV.multipartChunkSize, partSize, DEFAULT_MULTIPART_CHUNK_SIZE),
    uiDir: read('uiDir', ENV.uiDir, path, join(system.appRoot, 'dist', 'renderer')),
    hf: readHfConfig(env, overrides, system, problems),
    explicit: Object.freeze({ host: given.has('host'), port: given.has('port'), lfsThreshold: given.has('lfsThreshold') }),
  };
  if ((config.bootstrapUser === undefined) !== (config.bootstrapToken === undefined)) {
    problems.push(`${ENV.bootstrapUser} and ${ENV.bootstrapToken} must be set together`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** The OS's per-user application data folder, as Electron's `userData` would pick it. */
export function defaultDataDir(env: Env, system: Pick<SystemInfo, 'platform' | 'homeDir'>): string {
  if (system.platform === 'win32') {
    const appData = env.APPDATA;
    return win32.join(appData !== undefined && appData !== '' ? appData : win32.join(system.homeDir, 'AppData', 'Roaming'), 'HubKeeper');
  }
  if (system.platform === 'darwin') return posix.join(system.homeDir, 'Library', 'Application Support', 'HubKeeper');
  // The XDG spec says relative values are invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : posix.join(system.homeDir, '.local', 'share');
  return posix.join(base, 'hubkeeper');
}

function currentSystem(): SystemInfo {
  return { platform: osPlatform(), homeDir: homedir(), appRoot: appRoot() };
}

/** Python's `_is_true`: only 1, ON, YES and TRUE (any case) are true; anything else is false, never an error. */
function pythonTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 'ON', 'YES', 'TRUE'].includes(value.toUpperCase());
}

/**
 * The HF_* variables, read as `huggingface_hub/constants.py` reads them (same names, same
 * precedence, `~` and `$VAR` expanded in paths). One deliberate difference: a variable set to the
 * empty string counts as unset, where Python would use "" (the current folder) as a path.
 */
function readHfConfig(env: Env, overrides: ConfigOverrides, system: SystemInfo, problems: string[]): HfConfig {
  const paths = system.platform === 'win32' ? win32 : posix;
  const get = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const expand = (value: string): string => paths.resolve(expandVars(expandUser(value, system), env, system.platform));

  const home = expand(get('HF_HOME') ?? paths.join(get('XDG_CACHE_HOME') ?? paths.join(system.homeDir, '.cache'), 'huggingface'));
  const hubCache = expand(overrides.hubCache ?? get('HF_HUB_CACHE') ?? get('HUGGINGFACE_HUB_CACHE') ?? paths.join(home, 'hub'));
  const tokenPath = expand(get('HF_TOKEN_PATH') ?? paths.join(home, 'token'));

  const timeout = (name: string): number => {
    const raw = get(name);
    if (raw === undefined) return DEFAULT_HF_TIMEOUT_SECONDS;
    if (!/^\s*\d+\s*$/.test(raw)) {
      problems.push(`${name} must be a whole number of seconds (got ${JSON.stringify(raw)})`);
      return DEFAULT_HF_TIMEOUT_SECONDS;
    }
    // Python: `_as_int(value) or DEFAULT`, so 0 means the default.
    return Number(raw) || DEFAULT_HF_TIMEOUT_SECONDS;
  };

  return Object.freeze({
    home,
    hubCache,
    endpoint: readEndpoint(overrides.endpoint, get('HF_ENDPOINT'), problems),
    token: cleanToken(get('HF_TOKEN') ?? get('HUGGING_FACE_HUB_TOKEN')),
    tokenPath,
    storedTokensPath: paths.join(paths.dirname(tokenPath), 'stored_tokens'),
    offline: pythonTrue(get('HF_HUB_OFFLINE') ?? get('TRANSFORMERS_OFFLINE')),
    disableSymlinks: pythonTrue(get('HF_HUB_DISABLE_SYMLINKS')),
    disableProgressBars: get('HF_HUB_DISABLE_PROGRESS_BARS') === undefined ? undefined : pythonTrue(get('HF_HUB_DISABLE_PROGRESS_BARS')),
    disableImplicitToken: pythonTrue(get('HF_HUB_DISABLE_IMPLICIT_TOKEN')),
    etagTimeoutSeconds: timeout('HF_HUB_ETAG_TIMEOUT'),
    downloadTimeoutSeconds: timeout('HF_HUB_DOWNLOAD_TIMEOUT'),
    proxy: readProxy(get),
    caFile: ((file) => (file === undefined ? undefined : expand(file)))(get('HUBKEEPER_CA_FILE') ?? get('NODE_EXTRA_CA_CERTS')),
  });
}

function readEndpoint(override: string | undefined, fromEnv: string | undefined, problems: string[]): string {
  const label = override !== undefined ? OPTION_LABELS.endpoint : 'HF_ENDPOINT';
  const raw = trimEndpoint(override ?? fromEnv ?? DEFAULT_HF_ENDPOINT);
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
    problems.push(`${label} must be an http:// or https:// URL such as ${DEFAULT_HF_ENDPOINT} (got ${JSON.stringify(raw)})`);
    return DEFAULT_HF_ENDPOINT;
  }
  return raw;
}

function readProxy(get: (name: string) => string | undefined): ProxyConfig {
  // urllib (which httpx follows) and curl prefer the lower-case name.
  const either = (name: string): string | undefined => get(name.toLowerCase()) ?? get(name.toUpperCase());
  const all = either('all_proxy');
  return Object.freeze({
    httpProxy: withScheme(either('http_proxy') ?? all),
    httpsProxy: withScheme(either('https_proxy') ?? all),
    noProxy: Object.freeze((either('no_proxy') ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '')),
  });
}

/** "proxy:3128" means "http://proxy:3128", as httpx reads it. */
function withScheme(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
}

/** `~` and `~/...` become the home folder, as Python's os.path.expanduser. */
function expandUser(value: string, system: Pick<SystemInfo, 'homeDir' | 'platform'>): string {
  if (value === '~') return system.homeDir;
  const separators = system.platform === 'win32' ? ['/', '\\'] : ['/'];
  if (value.startsWith('~') && separators.includes(value[1] ?? '')) return `${system.homeDir}${value.slice(1)}`;
  return value;
}

/** `$NAME` and `${NAME}` (and `%NAME%` on Windows); unknown names stay as written, as os.path.expandvars does. */
function expandVars(value: string, env: Env, platform: NodeJS.Platform): string {
  const lookup = (match: string, name: string): string => env[name] ?? match;
  let out = value.replace(/\$(\w+)|\$\{([^}]*)\}/g, (match, bare: string | undefined, braced: string | undefined) => lookup(match, bare ?? braced ?? ''));
  if (platform === 'win32') out = out.replace(/%([^%]+)%/g, lookup);
  return out;
}

import { homedir, platform as osPlatform } from 'node:os';
import { isAbsolute, join, posix, resolve, win32 } from 'node:path';
import { z } from 'zod';
import { RESERVED_NAMESPACES, nameProblem } from '../shared/repo-id.js';
import { isTokenFormat } from '../shared/token-format.js';
import { appRoot } from './app-info.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 7870;
export const DEFAULT_LFS_THRESHOLD = 10 * 1024 * 1024;
export const DEFAULT_GC_GRACE_SECONDS = 24 * 60 * 60;

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
  /** The built renderer served at /-/ui/. */
  readonly uiDir: string;
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
  readonly uiDir?: string;
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
  debug: 'HUBKEEPER_DEBUG',
  bootstrapUser: 'HUBKEEPER_BOOTSTRAP_USER',
  bootstrapToken: 'HUBKEEPER_BOOTSTRAP_TOKEN',
  lfsThreshold: 'HUBKEEPER_LFS_THRESHOLD',
  gcGraceSeconds: 'HUBKEEPER_GC_GRACE_SECONDS',
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
  uiDir: 'option "uiDir"',
};

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];

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
    uiDir: read('uiDir', ENV.uiDir, path, join(system.appRoot, 'dist', 'renderer')),
  };
  if ((config.bootstrapUser === undefined) !== (config.bootstrapToken === undefined)) {
    problems.push(`${ENV.bootstrapUser} and ${ENV.bootstrapToken} must be set together`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/**
 * Whether CLI errors should show stacks. Separate from loadConfig because it is needed to
 * report a configuration that failed to load.
 */
export function debugRequested(env: Env = process.env): boolean {
  const value = env[ENV.debug]?.trim().toLowerCase();
  return value !== undefined && TRUE_WORDS.includes(value);
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

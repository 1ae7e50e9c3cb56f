import { DESKTOP_BRIDGE_KEY, UPDATE_STATES, type BridgeResult, type DesktopBridge, type UpdateStatus } from '../shared/desktop-bridge.js';

const CALLS = ['revealPath', 'pickFolder', 'openExternal', 'updateStatus', 'checkForUpdate', 'installUpdate'] as const;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}

/** The shell's answer, checked: anything unexpected becomes a failure with a plain reason. */
function toResult(value: unknown, fallback: string): BridgeResult {
  if (field(value, 'ok') === true) return { ok: true };
  const problem = field(value, 'problem');
  return { ok: false, problem: typeof problem === 'string' ? problem : fallback };
}

function toUpdateStatus(value: unknown): UpdateStatus {
  const state = field(value, 'state');
  const version = field(value, 'version');
  const problem = field(value, 'problem');
  if (typeof state !== 'string' || !(UPDATE_STATES as readonly string[]).includes(state)) return { state: 'error', problem: 'The desktop app gave no update status' };
  return {
    state: state as UpdateStatus['state'],
    ...(typeof version === 'string' ? { version } : {}),
    ...(typeof problem === 'string' ? { problem } : {}),
  };
}

/** Calls the shell; a thrown error or rejection becomes `onFailure`'s value. */
async function call<T>(bridge: object, name: string, args: unknown[], convert: (value: unknown) => T, onFailure: T): Promise<T> {
  try {
    return convert(await Reflect.apply(Reflect.get(bridge, name) as (...args: unknown[]) => unknown, bridge, args));
  } catch {
    return onFailure;
  }
}

/** The preload's bridge when the UI runs in the desktop app; undefined in a plain browser. */
export function readDesktopBridge(scope: object = globalThis): DesktopBridge | undefined {
  const value: unknown = Reflect.get(scope, DESKTOP_BRIDGE_KEY);
  if (typeof value !== 'object' || value === null) return undefined;
  const appVersion = field(value, 'appVersion');
  const platform = field(value, 'platform');
  if (typeof appVersion !== 'string' || typeof platform !== 'string' || CALLS.some((name) => typeof field(value, name) !== 'function')) return undefined;
  const updateFailed: UpdateStatus = { state: 'error', problem: 'The desktop app could not check for updates' };
  return Object.freeze({
    appVersion,
    platform,
    revealPath: (path: string) =>
      call(value, 'revealPath', [path], (answer) => toResult(answer, 'The desktop app could not open the folder'), { ok: false, problem: 'The desktop app could not open the folder' }),
    pickFolder: (request: { title: string; defaultPath?: string }) => call(value, 'pickFolder', [request], (answer) => (typeof answer === 'string' ? answer : null), null),
    openExternal: (url: string) => call(value, 'openExternal', [url], (answer) => toResult(answer, 'The desktop app could not open the link'), { ok: false, problem: 'The desktop app could not open the link' }),
    updateStatus: () => call(value, 'updateStatus', [], toUpdateStatus, updateFailed),
    checkForUpdate: () => call(value, 'checkForUpdate', [], toUpdateStatus, updateFailed),
    installUpdate: () => call(value, 'installUpdate', [], (answer) => toResult(answer, 'The desktop app could not install the update'), { ok: false, problem: 'The desktop app could not install the update' }),
  } satisfies DesktopBridge);
}

/** What a plain browser does instead: links open in a new tab, folders are typed, updates are the server's business. */
export function webDesktopFallbacks(openWindow: (url: string) => unknown): Omit<DesktopBridge, 'appVersion' | 'platform'> {
  const browserOnly: UpdateStatus = { state: 'unsupported', problem: 'In a browser, HubKeeper is updated where its server runs' };
  return Object.freeze({
    revealPath: () => Promise.resolve({ ok: false, problem: 'Only the desktop app can open a folder: copy the path instead' } as const),
    pickFolder: () => Promise.resolve(null),
    openExternal: (url: string) => {
      let parsed: URL | undefined;
      try {
        parsed = new URL(url);
      } catch {
        parsed = undefined;
      }
      if (parsed?.protocol !== 'https:') return Promise.resolve({ ok: false, problem: 'only https links open in the browser' } as const);
      openWindow(parsed.href);
      return Promise.resolve({ ok: true } as const);
    },
    updateStatus: () => Promise.resolve(browserOnly),
    checkForUpdate: () => Promise.resolve(browserOnly),
    installUpdate: () => Promise.resolve({ ok: false, problem: browserOnly.problem ?? '' } as const),
  });
}

import { resolve } from 'node:path';
import { DEEP_LINK_SCHEME } from '../../shared/deep-link.js';

/**
 * The `hubkeeper://` link a launch was given: Windows and Linux pass it on the command line (on
 * first launch, and to the running instance through `second-instance`); macOS uses `open-url`.
 */
export function deepLinkInArgv(argv: readonly string[]): string | undefined {
  const prefix = `${DEEP_LINK_SCHEME}://`;
  return argv.find((arg) => arg.slice(0, prefix.length).toLowerCase() === prefix);
}

/**
 * Arguments for `app.setAsDefaultProtocolClient`. A packaged app registers itself; run from
 * source (`electron .`, `process.defaultApp`), the OS must start Electron with the app's path.
 */
export function protocolClientArgs(input: { readonly defaultApp: boolean; readonly execPath: string; readonly argv: readonly string[] }): [scheme: string, path?: string, args?: string[]] {
  const appPath = input.argv[1];
  if (!input.defaultApp || appPath === undefined) return [DEEP_LINK_SCHEME];
  return [DEEP_LINK_SCHEME, input.execPath, [resolve(appPath)]];
}

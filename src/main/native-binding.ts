import { createRequire } from 'node:module';

/** The compiled helper (native/, built by `npm ci` through node-gyp), where it was built. */
export const NATIVE_BINDING_PATH = new URL('../../build/Release/hubkeeper_native.node', import.meta.url).pathname;

let binding: unknown;
let tried = false;

/**
 * Loads the native helper once; undefined where it was not built (not Linux, no compiler), and
 * the callers fall back to plain Node. It is an N-API module, so the same build loads in Electron.
 */
export function loadNativeBinding<T>(): T | undefined {
  if (!tried) {
    tried = true;
    try {
      binding = createRequire(import.meta.url)(NATIVE_BINDING_PATH);
    } catch {
      binding = undefined;
    }
  }
  return binding as T | undefined;
}

import { realpath } from 'node:fs/promises';
import { shell, type IpcMainInvokeEvent } from 'electron';
import type { RevealResult } from '../../shared/desktop-bridge.js';
import { checkRevealRequest, isInsideRoots, isTrustedSender } from './reveal-path.js';

export interface RevealHandlerInput {
  /** The core's base URL once it runs; only its pages may ask. */
  readonly coreUrl: () => string | undefined;
  /** The data folder and the HF cache folder. */
  readonly roots: () => readonly string[];
}

/**
 * The main-process side of `revealPath`: checks who asks and that the path (links resolved, so a
 * cache moved with a link left behind still counts) lies in the data folder or the HF cache.
 */
export function createRevealHandler(input: RevealHandlerInput): (event: IpcMainInvokeEvent, requested: unknown) => Promise<RevealResult> {
  return async (event, requested) => {
    if (!isTrustedSender(event.senderFrame?.url, input.coreUrl())) return { ok: false, problem: 'Only HubKeeper’s own pages may open folders' };
    const request = checkRevealRequest(requested);
    if (!request.ok) return request;
    const real = await realpath(request.path).catch(() => undefined);
    if (real === undefined) return { ok: false, problem: `${request.path} does not exist (any more)` };
    const roots = await Promise.all(input.roots().map((root) => realpath(root).catch(() => root)));
    if (!isInsideRoots(real, roots)) return { ok: false, problem: `${request.path} is outside the HubKeeper data folder and the Hugging Face cache` };
    shell.showItemInFolder(real);
    return { ok: true };
  };
}

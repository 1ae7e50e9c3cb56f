import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureBuilt, startServe, type ServeProcess } from '../../helpers/cli-process.js';
import { testToken, type Cleanup } from '../../helpers/start-server.js';
import { UI_DIR, ensureUiBuilt } from './ui-build.js';

export interface ServedUi {
  readonly serve: ServeProcess;
  /** The one-time sign-in link `serve` printed. */
  readonly signInUrl: string;
}

/** Runs the real `hubkeeper serve` (built) with the built UI, and reads the sign-in link it prints. */
export async function startServedUi(cleanup: Cleanup, args: readonly string[], env: Readonly<Record<string, string>>): Promise<ServedUi> {
  ensureBuilt();
  ensureUiBuilt();
  const serve = await startServe(args, { HUBKEEPER_UI_DIR: UI_DIR, ...env });
  cleanup.after(async () => {
    serve.child.kill('SIGTERM');
    await serve.exited;
  });
  for (let attempt = 0; attempt < 100; attempt++) {
    const match = /^Sign in to the UI \(one-time link\): (\S+)$/m.exec(serve.stdout());
    if (match?.[1]) return { serve, signInUrl: match[1] };
    await sleep(20);
  }
  throw new Error(`hubkeeper serve printed no sign-in link:\n${serve.stdout()}`);
}

/**
 * `hubkeeper serve` on port 0 with a fresh data folder (removed afterwards, the HF cache inside
 * it) and a bootstrap user `alice` whose token is returned.
 */
export async function startFreshServedUi(cleanup: Cleanup): Promise<ServedUi & { readonly token: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hubkeeper-e2e-serve-'));
  cleanup.after(() => rm(dataDir, { recursive: true, force: true }));
  const token = testToken();
  const served = await startServedUi(cleanup, ['--data', dataDir, '--port', '0'], {
    HUBKEEPER_BOOTSTRAP_USER: 'alice',
    HUBKEEPER_BOOTSTRAP_TOKEN: token,
    HF_HUB_CACHE: join(dataDir, 'hf-cache'),
  });
  return { ...served, token };
}

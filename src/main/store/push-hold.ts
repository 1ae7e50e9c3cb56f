import { hostname } from 'node:os';
import { createGitPushesInFlightTable, type GitPushesInFlightTable } from '../db/index.js';
import { processAlive } from '../transfer/index.js';
import type { StoreContext } from './store-context.js';

/**
 * A git push in progress, registered in the database (shared by the CLI and the server) before
 * its pack is checked against the store and released after its refs move or it fails. While a
 * hold younger than the grace period exists, the garbage collector deletes nothing, so the push
 * may rely on unreferenced objects it found stored without restarting their grace period one row
 * at a time. A hold its process never released (kill -9) stops counting once the collector sees
 * that process gone (same host), or after the grace period.
 */
export class PushHold {
  private released = false;

  private constructor(private readonly ctx: StoreContext, private readonly table: GitPushesInFlightTable, private readonly id: number) {}

  static start(ctx: StoreContext): PushHold {
    const table = createGitPushesInFlightTable(ctx.db);
    return new PushHold(ctx, table, table.start(ctx.now(), process.pid, hostname()));
  }

  /** Restarts the hold's clock; a push that writes for longer than the grace period calls it as it goes. */
  refresh(): void {
    if (!this.released) this.table.refresh(this.id, this.ctx.now());
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.table.finish(this.id);
  }
}

/** Forgets the holds of this host's processes that no longer exist (killed mid-push); run by the collector. */
export function removeDeadHolds(table: GitPushesInFlightTable): void {
  for (const hold of table.ofHost(hostname())) if (hold.pid !== process.pid && !processAlive(hold.pid)) table.finish(hold.id);
}


import type { FastifyBaseLogger } from 'fastify';
import { FLUSH_PKT, MAX_SIDEBAND_DATA, sidebandPkt } from './pkt-line.js';
import type { GitObjectSource } from './object-source.js';
import type { PackObject } from './object-walk.js';
import { writePack } from './pack-writer.js';

/** Progress lines go out at most this often (git redraws its own at the same pace). */
const PROGRESS_INTERVAL_MS = 250;

export interface PackStreamOptions {
  /** Progress text on band 2 unless the client asked for `no-progress`. */
  readonly progress: boolean;
  readonly log: FastifyBaseLogger;
}

/**
 * A pack in side-band-64k framing: pack bytes on band 1 in packets of at most 65515 bytes,
 * progress on band 2, and a failure on band 3 (git prints it and stops); ends with a flush.
 */
export async function* sidebandPack(source: GitObjectSource, objects: readonly PackObject[], options: PackStreamOptions): AsyncGenerator<Buffer> {
  const total = objects.length;
  if (options.progress) yield sidebandPkt(2, `Enumerating objects: ${total}, done.\n`);
  let written = 0;
  let shownAt = Date.now();
  let pending: Buffer[] = [];
  let pendingSize = 0;
  try {
    for await (const chunk of writePack(source, objects, (count) => (written = count))) {
      pending.push(chunk);
      pendingSize += chunk.length;
      if (pendingSize >= MAX_SIDEBAND_DATA) {
        const joined = Buffer.concat(pending);
        let at = 0;
        for (; joined.length - at >= MAX_SIDEBAND_DATA; at += MAX_SIDEBAND_DATA) yield sidebandPkt(1, joined.subarray(at, at + MAX_SIDEBAND_DATA));
        pending = at < joined.length ? [joined.subarray(at)] : [];
        pendingSize = joined.length - at;
      }
      if (options.progress && Date.now() - shownAt >= PROGRESS_INTERVAL_MS) {
        shownAt = Date.now();
        yield sidebandPkt(2, `Writing objects: ${percent(written, total)}% (${written}/${total})\r`);
      }
    }
  } catch (error) {
    options.log.error({ err: error }, 'could not write a pack');
    yield sidebandPkt(3, 'error: the server could not read an object of this repository\n');
    yield FLUSH_PKT;
    return;
  }
  if (pendingSize > 0) yield sidebandPkt(1, Buffer.concat(pending));
  if (options.progress) yield sidebandPkt(2, `Writing objects: 100% (${total}/${total}), done.\n`);
  yield FLUSH_PKT;
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.floor((part * 100) / whole);
}

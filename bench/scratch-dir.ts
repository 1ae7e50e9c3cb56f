import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `body` in a fresh folder under `parent`, removed afterwards whatever happens. */
export async function withScratchDir(prefix: string, body: (root: string) => Promise<void>, parent = tmpdir()): Promise<void> {
  const root = mkdtempSync(join(parent, prefix));
  try {
    await body(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

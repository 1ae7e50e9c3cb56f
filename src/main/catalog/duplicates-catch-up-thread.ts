import { Worker } from 'node:worker_threads';
import type { Db } from '../db/index.js';

/**
 * Plain JavaScript run by a worker thread: opens the catalog's database file on a connection of
 * its own and brings the kept duplicates answer up to date there (createCatalogDuplicatesQueries'
 * catchUp, in its own immediate transaction). The database module is the one this process runs
 * (compiled, or TypeScript through the loader the thread inherits with the process's execArgv).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  let db;
  try {
    // Run from TypeScript sources (tests, development), the thread registers the same loader.
    if (workerData.dbModule.endsWith('.ts')) (await import('tsx/esm/api')).register();
    const { openDatabase, createCatalogDuplicatesQueries } = await import(workerData.dbModule);
    db = openDatabase(workerData.file, { synchronous: 'normal' });
    createCatalogDuplicatesQueries(db).catchUp();
    parentPort.postMessage({ error: null });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  } finally {
    db?.close();
  }
})();
`;

/** The database module, as this module's own extension spells it (.js compiled, .ts under tsx). */
const DB_MODULE = new URL(`../db/index${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;

/**
 * Brings the duplicates answer up to date on a worker thread: after a refresh that stored many
 * files it takes 0.5-1 s of SQLite work, which on the calling thread would stop a server's event
 * loop for that long (requests, other refreshes); there it only holds the write lock. Resolves when
 * done; the error message when it failed (nothing is lost: every duplicates question catches up
 * first). An in-memory database has no file for a second connection: it is done here, at once.
 */
export async function catchUpDuplicatesInThread(db: Db, catchUpHere: () => void): Promise<string | null> {
  if (db.memory || db.name === '') {
    catchUpHere();
    return null;
  }
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { dbModule: DB_MODULE, file: db.name } });
  try {
    return await new Promise<string | null>((resolve, reject) => {
      worker.once('message', (reply: { error: string | null }) => resolve(reply.error));
      worker.once('error', reject);
      worker.once('exit', (code) => resolve(`the catch-up thread stopped (exit code ${code})`));
    });
  } finally {
    await worker.terminate();
  }
}

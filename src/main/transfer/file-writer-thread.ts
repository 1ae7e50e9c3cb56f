import { Worker } from 'node:worker_threads';
import { NODE_PLACE_FS, placeFile, type PlaceFailure, type PlaceJob } from './place-file.js';

/** Plain JavaScript (see hash-thread.ts); the job code is `placeFile`'s own source, so both threads run the same. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { dirname } = require('node:path');
const placeFile = ${placeFile.toString()};
const io = {
  openSync: fs.openSync, writeSync: fs.writeSync, closeSync: fs.closeSync, renameSync: fs.renameSync,
  unlinkSync: fs.unlinkSync, mkdirSync: fs.mkdirSync, symlinkSync: fs.symlinkSync, constants: fs.constants, dirname,
};
const madeDirs = new Set();
parentPort.on('message', (jobs) => {
  const failed = [];
  for (const [id, job] of jobs) {
    const failure = placeFile(job, io, madeDirs);
    if (failure) failed.push([id, failure]);
  }
  parentPort.postMessage({ last: jobs[jobs.length - 1][0], first: jobs[0][0], failed });
});
`;

/**
 * Jobs gathered before they go over: waking a sleeping thread costs about as much as writing a
 * small file (tens of µs in this VM), so one message per file would cost the time it saves.
 */
const GATHER_MS = 1;

interface Reply {
  readonly first: number;
  readonly last: number;
  readonly failed: readonly (readonly [number, PlaceFailure])[];
}

interface Pending {
  resolve(failure: PlaceFailure | undefined): void;
  reject(error: Error): void;
}

/**
 * A worker thread that writes many small files for the thread that downloads them. Creating a
 * file costs more than fetching a small one, and far more on some file systems (ext4 without a
 * journal skips every recently freed inode one by one: 180 µs per file measured here, against
 * 10 µs); on the downloading thread that time adds up, here it runs beside the transfers. Jobs
 * made within a millisecond go over in one message, their memory moved, not copied.
 */
export class FileWriterThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private batch: [number, PlaceJob][] = [];
  private transfers: ArrayBuffer[] = [];
  private readonly pending = new Map<number, Pending>();

  /** Resolves once the job is done: undefined, or what failed (the file is then absent, or present but not linked). */
  place(job: PlaceJob): Promise<PlaceFailure | undefined> {
    const id = this.nextId++;
    if (this.batch.length === 0) setTimeout(() => this.flush(), GATHER_MS);
    this.batch.push([id, job]);
    const memory = job.data.buffer;
    if (memory instanceof ArrayBuffer && job.data.byteOffset === 0 && job.data.byteLength === memory.byteLength) this.transfers.push(memory);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private flush(): void {
    const batch = this.batch;
    const transfers = this.transfers;
    this.batch = [];
    this.transfers = [];
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch {
      // No threads here: do the jobs on this one.
      const madeDirs = new Set<string>();
      for (const [id, job] of batch) this.settle(id, placeFile(job, NODE_PLACE_FS, madeDirs));
      return;
    }
    worker.ref();
    worker.postMessage(batch, transfers);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const failures = new Map(reply.failed);
      for (let id = reply.first; id <= reply.last; id++) this.settle(id, failures.get(id));
      if (this.pending.size === 0) worker.unref();
    });
    const failAll = (error: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      const waiting = [...this.pending.values()];
      this.pending.clear();
      for (const entry of waiting) entry.reject(error);
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the file writing thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private settle(id: number, failure: PlaceFailure | undefined): void {
    const entry = this.pending.get(id);
    this.pending.delete(id);
    entry?.resolve(failure);
  }
}

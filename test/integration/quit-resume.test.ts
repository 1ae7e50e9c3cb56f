import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { createCore } from '../../src/main/core.js';
import type { JobContext, JobStateEvent } from '../../src/main/jobs/index.js';
import { startServer } from '../helpers/start-server.js';

/** A long job that counts chunks, resumes from what it had done, and stops when told to. */
function chunkedJob(chunks: number, log: string[], onQuit: () => void = () => undefined) {
  return {
    parse: (params: unknown) => params as { name: string },
    title: (params: { name: string }) => `long ${params.name}`,
    run: async (_params: { name: string }, context: JobContext): Promise<{ chunks: number }> => {
      for (let done = 0; done < chunks; done++) {
        if (context.signal.aborted) throw context.signal.reason;
        context.report({ bytesDone: done, bytesTotal: chunks });
        log.push(`chunk ${done}`);
        await new Promise((resolve) => setImmediate(resolve));
        if (done === 3 && log.filter((line) => line === 'chunk 3').length === 1) {
          // The user quits mid-job: the quit sequence stops the core while this job runs.
          log.push('quit');
          onQuit();
          await once(context.signal, 'abort');
          throw context.signal.reason;
        }
      }
      return { chunks };
    },
  };
}

describe('quitting the app pauses running jobs; the next launch resumes them', { timeout: 30_000 }, () => {
  it('a job running at quit is queued again, not failed, and runs to done on the next start', async (t) => {
    const log: string[] = [];
    const first = await startServer(t);
    let quit = (): void => undefined;
    const midJob = new Promise<void>((resolve) => (quit = resolve));
    first.core.jobs.register('test-long', chunkedJob(10, log, quit));
    const job = first.core.jobs.enqueue('test-long', { name: 'model' });
    await midJob;
    await first.core.stop();

    const second = createCore(first.core.config);
    t.after(() => second.stop());
    second.jobs.register('test-long', chunkedJob(10, log));
    assert.equal(second.jobs.get(job.id)?.state, 'queued', 'left queued (not failed) by the quit');
    const finished = new Promise<JobStateEvent>((resolve) =>
      second.jobs.events.on('state', (event) => {
        if (event.job.id === job.id && (event.job.state === 'done' || event.job.state === 'failed')) resolve(event);
      }),
    );
    await second.start();
    const { job: done } = await finished;
    assert.equal(done.state, 'done', done.error);
    assert.deepEqual(done.result, { chunks: 10 });
  });
});

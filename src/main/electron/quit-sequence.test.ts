import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createQuitSequence, type QuitSequenceOptions } from './quit-sequence.js';

interface Harness {
  readonly sequence: ReturnType<typeof createQuitSequence>;
  readonly log: string[];
  readonly errors: unknown[];
  /** Resolves when the sequence asks the app to quit again. */
  readonly quitted: Promise<void>;
  beforeQuit(): boolean;
}

function harness(stop: QuitSequenceOptions['stop'], timeoutMs = 5_000): Harness {
  const log: string[] = [];
  const errors: unknown[] = [];
  let onQuit = (): void => {};
  const quitted = new Promise<void>((resolve) => {
    onQuit = resolve;
  });
  const sequence = createQuitSequence({
    stop: async () => {
      log.push('stop');
      await stop();
      log.push('stopped');
    },
    quit: () => {
      log.push('quit');
      onQuit();
    },
    timeoutMs,
    onError: (error) => errors.push(error),
  });
  return {
    sequence,
    log,
    errors,
    quitted,
    beforeQuit() {
      let prevented = false;
      sequence.onBeforeQuit({ preventDefault: () => (prevented = true) });
      return prevented;
    },
  };
}

describe('createQuitSequence', () => {
  it('holds the quit until the core has stopped, then lets the next quit through', async () => {
    const h = harness(async () => {});
    assert.equal(h.beforeQuit(), true);
    await h.quitted;
    assert.deepEqual(h.log, ['stop', 'stopped', 'quit']);
    assert.equal(h.beforeQuit(), false);
    assert.deepEqual(h.errors, []);
  });

  it('stops the core once when quit is requested again while it is stopping', async () => {
    let release = (): void => {};
    const h = harness(() => new Promise<void>((resolve) => (release = resolve)));
    assert.equal(h.beforeQuit(), true);
    assert.equal(h.beforeQuit(), true);
    release();
    await h.quitted;
    assert.deepEqual(h.log, ['stop', 'stopped', 'quit']);
  });

  it('still quits when stopping the core fails, and reports the error', async () => {
    const h = harness(() => Promise.reject(new Error('disk gone')));
    h.beforeQuit();
    await h.quitted;
    assert.equal(h.errors.length, 1);
    assert.match(String(h.errors[0]), /disk gone/);
  });

  it('still quits when the core does not stop in time', async () => {
    const h = harness(() => new Promise<void>(() => {}), 10);
    h.beforeQuit();
    await h.quitted;
    assert.match(String(h.errors[0]), /did not stop within 10 ms/);
    assert.equal(h.beforeQuit(), false);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProgressMeter } from './progress-meter.js';

test('speed is measured over the recent window, so an early burst does not linger', () => {
  let now = 0;
  const meter = new ProgressMeter(250, 3000, () => now);
  meter.sample(0);
  now = 10;
  meter.sample(2_000_000); // a 2 MB burst in 10 ms
  for (let t = 100; t <= 6000; t += 100) {
    now = t;
    meter.sample(2_000_000 + (t - 10) * 1000); // then 1 MB/s
  }
  assert.ok(Math.abs(meter.speed - 1_000_000) < 50_000, `speed ${meter.speed}`);
  assert.ok(Math.abs((meter.eta(6_000_000, 16_000_000) ?? 0) - 10) < 1);
});

test('events are due at most once per interval', () => {
  let now = 0;
  const meter = new ProgressMeter(250, 3000, () => now);
  const due: number[] = [];
  for (let t = 0; t <= 1000; t += 50) {
    now = t;
    if (meter.sample(t)) due.push(t);
  }
  assert.deepEqual(due, [0, 250, 500, 750, 1000]);
  assert.equal(new ProgressMeter(250, 3000, () => 0).eta(0, 100), undefined, 'no ETA before a speed is known');
});

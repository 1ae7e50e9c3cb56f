import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ListingSlots } from './listing-slots.js';

test('at most the given number of refreshes talk at once; a slot given back goes to the one waiting longest', async () => {
  const slots = new ListingSlots(2);
  const order: string[] = [];
  let talking = 0;
  let most = 0;
  const gates = new Map<string, () => void>();
  const talk = (name: string) =>
    slots.run(async () => {
      talking += 1;
      most = Math.max(most, talking);
      order.push(name);
      await new Promise<void>((resolve) => gates.set(name, resolve));
      talking -= 1;
    });
  const all = ['a', 'b', 'c', 'd'].map(talk);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, ['a', 'b']);
  gates.get('b')?.();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, ['a', 'b', 'c']);

  // A hold given back while its refresh waits to be stored lets the next one talk.
  const hold = slots.hold();
  const taken = hold.take().then(() => order.push('hold'));
  gates.get('a')?.();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, ['a', 'b', 'c', 'd']);
  gates.get('c')?.();
  await taken;
  hold.give();
  gates.get('d')?.();
  await Promise.all(all);
  assert.equal(most, 2);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trayMenuTemplate } from './tray-menu.js';

describe('trayMenuTemplate', () => {
  it('wires each entry to its action and ends with Quit', () => {
    const calls: string[] = [];
    const template = trayMenuTemplate({
      show: () => calls.push('show'),
      copyEndpoint: () => calls.push('copyEndpoint'),
      quit: () => calls.push('quit'),
    });
    const clickable = template.filter((item) => item.type !== 'separator');
    for (const item of clickable) {
      assert.ok(item.click, `${item.label ?? '?'} has a click handler`);
      // Electron passes (menuItem, window, event); the template's handlers ignore them.
      (item.click as () => void)();
    }
    assert.deepEqual(calls, ['show', 'copyEndpoint', 'quit']);
    assert.equal(template.at(-1)?.label, 'Quit HubKeeper');
  });
});

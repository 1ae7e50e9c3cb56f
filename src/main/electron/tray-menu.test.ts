import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trayMenuTemplate, type TrayActions } from './tray-menu.js';

function recorder(): { actions: TrayActions; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    actions: {
      show: () => calls.push('show'),
      copyEndpoint: () => calls.push('copyEndpoint'),
      pauseAll: () => calls.push('pauseAll'),
      quit: () => calls.push('quit'),
    },
  };
}

describe('trayMenuTemplate', () => {
  it('wires each entry to its action and ends with Quit', () => {
    const { actions, calls } = recorder();
    const template = trayMenuTemplate(actions);
    for (const item of template.filter((entry) => entry.click !== undefined)) {
      // Electron passes (menuItem, window, event); the template's handlers ignore them.
      (item.click as () => void)();
    }
    assert.deepEqual(calls, ['show', 'copyEndpoint', 'pauseAll', 'quit']);
    assert.equal(template.at(-1)?.label, 'Quit HubKeeper');
  });

  it('shows the running transfers and offers to pause them only while some run', () => {
    const { actions } = recorder();
    const idle = trayMenuTemplate(actions);
    assert.equal(idle.find((item) => item.label === 'Pause all transfers')?.enabled, false);
    assert.ok(!idle.some((item) => item.label?.includes('running')));

    const busy = trayMenuTemplate(actions, { running: 2, progress: '2 transfers running, 45%' });
    assert.equal(busy.find((item) => item.label === 'Pause all transfers')?.enabled, true);
    assert.deepEqual(busy.find((item) => item.label?.includes('running')), { label: '2 transfers running, 45%', enabled: false });
  });
});

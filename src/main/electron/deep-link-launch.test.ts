import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { deepLinkInArgv, protocolClientArgs } from './deep-link-launch.js';

describe('deepLinkInArgv', () => {
  it('finds the link among the arguments a launch gets, in any letter case of the scheme', () => {
    assert.equal(deepLinkInArgv(['/opt/HubKeeper/hubkeeper', '--no-sandbox', 'hubkeeper://repo/models/org/name']), 'hubkeeper://repo/models/org/name');
    assert.equal(deepLinkInArgv(['C:\\HubKeeper.exe', 'HUBKEEPER://download/org/name']), 'HUBKEEPER://download/org/name');
  });

  it('finds nothing in a plain launch or in lookalikes', () => {
    assert.equal(deepLinkInArgv(['/opt/HubKeeper/hubkeeper']), undefined);
    assert.equal(deepLinkInArgv(['/opt/hubkeeper', '--open=hubkeeper://repo/models/a/b', 'hubkeeper:/repo']), undefined);
  });
});

describe('protocolClientArgs', () => {
  it('registers the packaged app as it is, and electron-from-source with the app path', () => {
    assert.deepEqual(protocolClientArgs({ defaultApp: false, execPath: '/opt/HubKeeper/hubkeeper', argv: ['/opt/HubKeeper/hubkeeper'] }), ['hubkeeper']);
    assert.deepEqual(protocolClientArgs({ defaultApp: true, execPath: '/usr/bin/electron', argv: ['/usr/bin/electron', 'dist/main/electron/main.js'] }), [
      'hubkeeper',
      '/usr/bin/electron',
      [resolve('dist/main/electron/main.js')],
    ]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APP_VERSION_ARG } from '../../shared/desktop-bridge.js';
import { classifyNavigation, isAllowedNavigation, mainWindowOptions, uiUrl } from './window-policy.js';

const core = 'http://127.0.0.1:8765';

describe('isAllowedNavigation', () => {
  it('allows any page of the core the window was opened on', () => {
    assert.equal(isAllowedNavigation('http://127.0.0.1:8765/-/ui/settings?tab=hubs#x', core), true);
    assert.equal(isAllowedNavigation('http://127.0.0.1:8765/', `${core}/-/ui/`), true);
  });

  it('refuses another port, host, scheme or a lookalike name of the core', () => {
    const lookalikes = ['http://127.0.0.1:8766/-/ui/', 'http://localhost:8765/-/ui/', 'https://127.0.0.1:8765/-/ui/', 'http://127.0.0.1:8765.evil.example/', 'http://evil.example/?http://127.0.0.1:8765'];
    for (const url of lookalikes) assert.equal(isAllowedNavigation(url, core), false, url);
  });

  it('refuses opaque and local schemes and garbage', () => {
    for (const url of ['file:///etc/passwd', 'data:text/html,<p>hi', 'javascript:alert(1)', 'about:blank', 'not a url', '']) {
      assert.equal(isAllowedNavigation(url, core), false, url);
    }
    assert.equal(isAllowedNavigation('data:text/html,x', 'data:text/html,x'), false);
  });
});

describe('classifyNavigation', () => {
  it('sends https pages outside the core to the OS browser', () => {
    assert.equal(classifyNavigation('https://huggingface.co/docs', core), 'external');
  });

  it('blocks plain http, other schemes and https URLs carrying credentials', () => {
    assert.equal(classifyNavigation('http://example.com/', core), 'blocked');
    assert.equal(classifyNavigation('mailto:a@example.com', core), 'blocked');
    assert.equal(classifyNavigation('smb://host/share', core), 'blocked');
    assert.equal(classifyNavigation('https://user:pw@example.com/', core), 'blocked');
  });

  it('keeps the core in the window even when the core serves https', () => {
    assert.equal(classifyNavigation('https://hub.local:9443/-/ui/', 'https://hub.local:9443'), 'core');
  });
});

describe('uiUrl', () => {
  it('points at /-/ui/ whatever path the core URL has', () => {
    assert.equal(uiUrl('http://127.0.0.1:8765'), 'http://127.0.0.1:8765/-/ui/');
    assert.equal(uiUrl('http://127.0.0.1:8765/'), 'http://127.0.0.1:8765/-/ui/');
    assert.equal(uiUrl('http://[::1]:8765/health'), 'http://[::1]:8765/-/ui/');
  });
});

describe('mainWindowOptions', () => {
  it('isolates the renderer and passes the app version to the preload', () => {
    const options = mainWindowOptions({ preloadPath: '/app/preload.cjs', appVersion: '1.2.3' });
    const prefs = options.webPreferences;
    assert.ok(prefs);
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.webviewTag, false);
    assert.equal(prefs.preload, '/app/preload.cjs');
    assert.deepEqual(prefs.additionalArguments, [`${APP_VERSION_ARG}1.2.3`]);
    assert.equal('icon' in options, false);
  });

  it('sets the icon only when one is given', () => {
    const options = mainWindowOptions({ preloadPath: '/p.cjs', appVersion: '1.0.0', iconPath: '/icon.png' });
    assert.equal(options.icon, '/icon.png');
  });
});

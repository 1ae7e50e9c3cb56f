import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FAILURE_ACTION_URL, failurePage, failurePageHtml, failurePageUrl } from './crash-policy.js';

describe('failurePage', () => {
  it('shows a restart page, not a blank window, when the core does not answer', () => {
    const page = failurePage({ kind: 'load-failed', errorCode: -102, errorDescription: 'ERR_CONNECTION_REFUSED', url: 'http://127.0.0.1:8765/-/ui/', isMainFrame: true });
    assert.equal(page?.action, 'restart');
    assert.match(page?.detail ?? '', /ERR_CONNECTION_REFUSED/);
    assert.equal(failurePage({ kind: 'core-failed', message: 'database is locked' })?.action, 'restart');
  });

  it('offers to reload when only the page crashed', () => {
    const page = failurePage({ kind: 'renderer-gone', reason: 'oom', exitCode: 9 });
    assert.equal(page?.action, 'reload');
    assert.match(page?.detail ?? '', /oom/);
  });

  it('leaves the window alone for what is not a failure', () => {
    assert.equal(failurePage({ kind: 'load-failed', errorCode: -3, errorDescription: 'ERR_ABORTED', url: 'http://127.0.0.1:8765/-/ui/', isMainFrame: true }), undefined);
    assert.equal(failurePage({ kind: 'load-failed', errorCode: -102, errorDescription: '', url: 'http://127.0.0.1:8765/x', isMainFrame: false }), undefined);
    assert.equal(failurePage({ kind: 'load-failed', errorCode: -2, errorDescription: '', url: 'data:text/html,x', isMainFrame: true }), undefined, 'the error page itself');
    assert.equal(failurePage({ kind: 'renderer-gone', reason: 'clean-exit', exitCode: 0 }), undefined);
  });
});

describe('failurePageHtml', () => {
  it('is a static page with the reason escaped and one button the window intercepts', () => {
    const html = failurePageHtml({ title: 'Stopped', detail: 'bad <script>alert(1)</script> & "x"', action: 'restart' });
    assert.ok(!html.includes('<script>'));
    assert.match(html, /bad &#60;script&#62;alert\(1\)&#60;\/script&#62; &#38; &#34;x&#34;/);
    assert.match(html, new RegExp(`<a class="button" href="${FAILURE_ACTION_URL}">Restart HubKeeper</a>`));
    assert.match(html, /default-src 'none'/);
    assert.ok(failurePageUrl({ title: 't', detail: 'd', action: 'reload' }).startsWith('data:text/html;charset=utf-8,'));
  });
});

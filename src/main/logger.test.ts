import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { createLogger, redactUrl, scrubCredentials } from './logger.js';

const TOKEN = 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345_-';

describe('createLogger', () => {
  it('writes JSON lines with level names, ISO times and bindings', async () => {
    const logs = createLogger({ dataDir: tempDir(), level: 'info' });
    logs.logger.child({ component: 'test' }).info({ answer: 42 }, 'hello');
    logs.logger.debug('below the level');
    await logs.close();
    const lines = readFileSync(logs.file, 'utf8').trim().split('\n');
    assert.equal(lines.length, 1);
    const line = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    assert.equal(line.level, 'info');
    assert.match(String(line.time), /^\d{4}-\d\d-\d\dT.*Z$/);
    assert.equal(line.component, 'test');
    assert.equal(line.answer, 42);
    assert.equal(line.msg, 'hello');
  });

  it('redacts credential fields and credentials inside messages and errors', async () => {
    const logs = createLogger({ dataDir: tempDir(), level: 'info' });
    const log = logs.logger.child({ component: 'test' });
    log.info({ req: { headers: { authorization: `Bearer ${TOKEN}`, cookie: 'session=abc' } } }, 'headers');
    log.info({ token: TOKEN, config: { bootstrapToken: TOKEN } }, 'fields');
    log.info(`a message quoting ${TOKEN}`);
    log.error({ err: new Error(`failed with Authorization: Bearer ${TOKEN}`) }, 'error');
    await logs.close();
    const text = readFileSync(logs.file, 'utf8');
    assert.ok(!text.includes(TOKEN.slice(3, 20)), text);
    assert.ok(!text.includes('session=abc'));
    assert.equal(text.trim().split('\n').length, 4);
    for (const line of text.trim().split('\n')) JSON.parse(line);
  });

  it('redacts secret fields that do not look like tokens, at any usual depth, and leaves the logged object alone', async () => {
    const logs = createLogger({ dataDir: tempDir(), level: 'info' });
    const settings = { hub: { name: 'work', password: 'hunter2-plain', nested: { secret: 'squeamish-ossifrage' } }, set: { 'set-cookie': 'sid=xyz' } };
    logs.logger.info({ settings, plainToken: 'abc-not-hf-shaped', count: 3, list: ['kept'] }, 'fields');
    await logs.close();
    const line = JSON.parse(readFileSync(logs.file, 'utf8').trim()) as Record<string, unknown>;
    const text = JSON.stringify(line);
    for (const secret of ['hunter2-plain', 'squeamish-ossifrage', 'sid=xyz', 'abc-not-hf-shaped']) assert.ok(!text.includes(secret), text);
    assert.equal(line.count, 3);
    assert.deepEqual(line.list, ['kept']);
    assert.equal((line.settings as { hub: { name: string } }).hub.name, 'work');
    assert.equal(settings.hub.password, 'hunter2-plain', 'the caller’s object is not changed');
    for (const line of text.trim().split('\n')) JSON.parse(line);
  });

  it('also writes to a console stream when asked', async () => {
    const seen: string[] = [];
    const logs = createLogger({ dataDir: tempDir(), level: 'info', console: { write: (line: string) => seen.push(line) } });
    logs.logger.info('to both');
    await logs.close();
    assert.equal(seen.length, 1);
    assert.match(readFileSync(logs.file, 'utf8'), /to both/);
  });
});

describe('scrubCredentials', () => {
  it('replaces tokens and Authorization values but keeps ordinary text', () => {
    assert.equal(scrubCredentials(`x ${TOKEN} y`), 'x hf_[redacted] y');
    assert.equal(scrubCredentials('Basic dXNlcjpwYXNz'), 'Basic [redacted]');
    assert.equal(scrubCredentials('call hf_hub_download with HF_HUB_DISABLE_XET=1'), 'call hf_hub_download with HF_HUB_DISABLE_XET=1');
  });
});

describe('redactUrl', () => {
  it('drops secret-looking query values and keeps the rest', () => {
    assert.equal(redactUrl('/api/models/a/b'), '/api/models/a/b');
    assert.equal(redactUrl('/upload/x?sig=abc&size=10'), '/upload/x?sig=%5Bredacted%5D&size=10');
    assert.equal(redactUrl('/x?access_token=abc'), '/x?access_token=%5Bredacted%5D');
  });
});

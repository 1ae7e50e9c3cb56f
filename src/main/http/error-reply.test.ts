import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toErrorReply } from './error-reply.js';

function systemError(code: string): Error {
  return Object.assign(new Error(`${code}: failed, open '/data/tmp/upload-1'`), { code, syscall: 'open' });
}

describe('toErrorReply', () => {
  it('keeps the 4xx status a plugin error carries (http-errors use `status`, Fastify `statusCode`)', () => {
    const fromStatic = Object.assign(new Error('Range Not Satisfiable'), { status: 416, statusCode: 416, expose: true });
    assert.deepEqual(
      { status: toErrorReply(fromStatic).status, message: toErrorReply(fromStatic).message, unexpected: toErrorReply(fromStatic).unexpected },
      { status: 416, message: 'Range Not Satisfiable', unexpected: false },
    );
    assert.equal(toErrorReply(Object.assign(new Error('Forbidden'), { status: 403 })).code, 'Forbidden');
    assert.equal(toErrorReply(Object.assign(new Error('gone'), { statusCode: 404 })).code, 'NotFound');
  });

  it('answers a full disk with 507 InsufficientStorage and says what to free', () => {
    for (const code of ['ENOSPC', 'EDQUOT', 'EFBIG']) {
      const reply = toErrorReply(systemError(code));
      assert.equal(reply.status, 507, code);
      assert.equal(reply.code, 'InsufficientStorage', code);
      assert.match(reply.message, new RegExp(`\\(${code}\\).*free space`), code);
      assert.ok(!reply.message.includes('/data/tmp'), 'no server path goes to the client');
    }
  });

  it('answers an unwritable or failing disk with a logged 500 that names the cause', () => {
    for (const code of ['EACCES', 'EROFS', 'EIO']) {
      const reply = toErrorReply(new Error('wrapped', { cause: systemError(code) }));
      assert.equal(reply.status, 500, code);
      assert.equal(reply.unexpected, true, code);
      assert.match(reply.message, new RegExp(`\\(${code}[,)].*operator`), code);
    }
  });

  it('hides anything else behind a generic 500', () => {
    const reply = toErrorReply(new Error('secret detail'));
    assert.deepEqual([reply.status, reply.code, reply.message], [500, 'Internal', 'Internal server error']);
    assert.equal(toErrorReply(Object.assign(new Error('upstream'), { statusCode: 503 })).message, 'Internal server error');
  });
});

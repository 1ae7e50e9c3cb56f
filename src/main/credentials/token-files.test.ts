import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { loadConfig } from '../config.js';
import { resolveToken, tokenToSend } from './resolve-token.js';
import { formatStoredTokens, logout, parseStoredTokens, readStoredTokens, readTokenFile, saveStoredToken, setActiveToken } from './token-files.js';

function paths(): { tokenPath: string; storedTokensPath: string; home: string } {
  const home = tempDir();
  return { home, tokenPath: join(home, 'token'), storedTokensPath: join(home, 'stored_tokens') };
}

describe('token files', () => {
  it('writes stored_tokens exactly as configparser does, sorted, and reads it back', async () => {
    const p = paths();
    await saveStoredToken(p, 'work', 'hf_work1234');
    await saveStoredToken(p, 'personal', 'hf_me123456');
    assert.equal(await readFile(p.storedTokensPath, 'utf8'), '[personal]\nhf_token = hf_me123456\n\n[work]\nhf_token = hf_work1234\n\n');
    assert.deepEqual([...(await readStoredTokens(p))], [['personal', 'hf_me123456'], ['work', 'hf_work1234']]);
    assert.equal((await stat(p.storedTokensPath)).mode & 0o777, 0o600);
    assert.equal((await stat(p.home)).mode & 0o777, 0o700);
  });

  it('reads configparser variants: colons, any key case, comments, CRLF', () => {
    const text = '# saved by hf\r\n[a]\r\nHF_TOKEN: hf_aaaaaaaa\r\n; note\n[b]\nother = x\n[c]\nhf_token=  hf_cccccccc  \n';
    assert.deepEqual([...parseStoredTokens(text)], [['a', 'hf_aaaaaaaa'], ['c', 'hf_cccccccc']]);
    assert.equal(formatStoredTokens(new Map()), '');
  });

  it('switches the active token by writing the token file without a newline', async () => {
    const p = paths();
    await saveStoredToken(p, 'personal', 'hf_me123456');
    await saveStoredToken(p, 'work', 'hf_work1234');
    await setActiveToken(p, 'work');
    assert.equal(await readFile(p.tokenPath, 'utf8'), 'hf_work1234');
    assert.equal((await stat(p.tokenPath)).mode & 0o777, 0o600);
    await assert.rejects(setActiveToken(p, 'nope'), /Access token nope not found/);
    await assert.rejects(saveStoredToken(p, 'bad]name', 'hf_x'), /Invalid token name/);
  });

  it('logs out of one named token (clearing the token file when it was active) or of all', async () => {
    const p = paths();
    await saveStoredToken(p, 'personal', 'hf_me123456');
    await saveStoredToken(p, 'work', 'hf_work1234');
    await setActiveToken(p, 'work');
    assert.deepEqual(await logout(p, 'personal'), { removed: ['personal'], activeCleared: false });
    assert.equal(await readTokenFile(p), 'hf_work1234');
    assert.deepEqual(await logout(p, 'work'), { removed: ['work'], activeCleared: true });
    assert.ok(!existsSync(p.tokenPath));
    await saveStoredToken(p, 'x', 'hf_xxxxxxxx');
    await setActiveToken(p, 'x');
    assert.deepEqual(await logout(p), { removed: ['x'], activeCleared: true });
    assert.ok(!existsSync(p.storedTokensPath));
    assert.deepEqual(await logout(p, 'missing'), { removed: [], activeCleared: false });
  });
});

describe('token resolution', () => {
  it('takes the argument, then HF_TOKEN, then the token file', async () => {
    const home = tempDir();
    await writeFile(join(home, 'token'), 'hf_fromfile1\n');
    const withEnv = loadConfig({ HF_HOME: home, HF_TOKEN: 'hf_fromenv12' }).hf;
    const fileOnly = loadConfig({ HF_HOME: home }).hf;
    assert.deepEqual(await resolveToken(withEnv, 'hf_fromarg12'), { token: 'hf_fromarg12', source: 'argument' });
    assert.deepEqual(await resolveToken(withEnv), { token: 'hf_fromenv12', source: 'environment' });
    assert.deepEqual(await resolveToken(fileOnly), { token: 'hf_fromfile1', source: 'file' });
    assert.equal(await resolveToken(loadConfig({ HF_HOME: tempDir() }).hf), undefined);
  });

  it('sends an implicit token only while HF_HUB_DISABLE_IMPLICIT_TOKEN is off', async () => {
    const home = tempDir();
    await writeFile(join(home, 'token'), 'hf_fromfile1');
    const implicitOff = loadConfig({ HF_HOME: home, HF_HUB_DISABLE_IMPLICIT_TOKEN: '1' }).hf;
    assert.equal(await tokenToSend(implicitOff), undefined);
    assert.equal(await tokenToSend(implicitOff, 'hf_explicit1'), 'hf_explicit1');
    assert.equal(await tokenToSend(loadConfig({ HF_HOME: home }).hf), 'hf_fromfile1');
    assert.equal(await tokenToSend(loadConfig({ HF_HOME: home }).hf, false), undefined);
  });
});

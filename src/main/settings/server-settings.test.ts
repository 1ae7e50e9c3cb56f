import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { appError } from '../../../test/helpers/app-error.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { createSettingsTable, openDatabase, type Db } from '../db/index.js';
import { ServerSettings, listenAddress, type StartConfig } from './server-settings.js';

const defaults: StartConfig = { host: '127.0.0.1', port: 7870, lfsThreshold: 10 * 1024 * 1024, explicit: { host: false, port: false, lfsThreshold: false } };

function open(t: { after(fn: () => void): void }, file = join(tempDir(), 'hub.db')): { db: Db; file: string } {
  const db = openDatabase(file);
  t.after(() => db.close());
  return { db, file };
}

describe('ServerSettings', () => {
  it('applies a new LFS threshold at once and keeps it for the next start', (t) => {
    const { db, file } = open(t);
    const settings = new ServerSettings({ table: createSettingsTable(db), config: defaults });
    assert.equal(settings.lfsThreshold(), 10 * 1024 * 1024);
    settings.update({ lfsThreshold: 2048 });
    assert.equal(settings.lfsThreshold(), 2048);
    db.close();
    const again = new ServerSettings({ table: createSettingsTable(open(t, file).db), config: defaults });
    assert.equal(again.lfsThreshold(), 2048);
  });

  it('refuses a bad threshold with InvalidSetting and keeps the old one', (t) => {
    const settings = new ServerSettings({ table: createSettingsTable(open(t).db), config: defaults });
    for (const bad of [12, 1.5, '4096', null, 2 * 1024 ** 3]) {
      const error = appError(() => settings.update({ lfsThreshold: bad }));
      assert.equal(error.code, 'InvalidSetting');
      assert.equal(error.details.setting, 'lfsThreshold');
    }
    assert.equal(settings.lfsThreshold(), 10 * 1024 * 1024);
  });

  it('lets HUBKEEPER_LFS_THRESHOLD win over the saved value and refuses changes while it does', (t) => {
    const { db } = open(t);
    createSettingsTable(db).set('lfsThreshold', 4096, 1);
    const settings = new ServerSettings({ table: createSettingsTable(db), config: { ...defaults, lfsThreshold: 100, explicit: { ...defaults.explicit, lfsThreshold: true } } });
    assert.equal(settings.lfsThreshold(), 100);
    assert.equal(settings.lfsThresholdLocked, true);
    const error = appError(() => settings.update({ lfsThreshold: 8192 }));
    assert.equal(error.code, 'SettingLocked');
    assert.equal(error.status, 409);
    assert.equal(settings.lfsThreshold(), 100);
  });

  it('saves nothing when one of several values is bad', (t) => {
    const settings = new ServerSettings({ table: createSettingsTable(open(t).db), config: defaults });
    assert.equal(appError(() => settings.update({ lfsThreshold: 4096, bindAddress: 'x:0' })).code, 'InvalidSetting');
    assert.equal(settings.lfsThreshold(), defaults.lfsThreshold);
    assert.equal(settings.savedBindAddress(), undefined);
  });

  it('ignores a saved value that is no longer valid', (t) => {
    const { db } = open(t);
    const table = createSettingsTable(db);
    table.set('lfsThreshold', -5, 1);
    table.set('bindAddress', 'nonsense', 1);
    const settings = new ServerSettings({ table, config: defaults });
    assert.equal(settings.lfsThreshold(), defaults.lfsThreshold);
    assert.equal(settings.savedBindAddress(), undefined);
    assert.deepEqual(settings.listenAddress(), { host: '127.0.0.1', port: 7870, fromSettings: false });
  });

  it('saves a bind address for the next start, normalised, and refuses a bad one', (t) => {
    const settings = new ServerSettings({ table: createSettingsTable(open(t).db), config: defaults });
    settings.update({ bindAddress: ' [::1]:9000 ' });
    assert.deepEqual(settings.savedBindAddress(), { host: '::1', port: 9000 });
    assert.deepEqual(settings.listenAddress(), { host: '::1', port: 9000, fromSettings: true });
    const error = appError(() => settings.update({ bindAddress: 'localhost' }));
    assert.equal(error.code, 'InvalidSetting');
    assert.match(error.message, /needs a port/);
    assert.equal(appError(() => settings.update({ bindAddress: 7870 })).code, 'InvalidSetting');
    assert.deepEqual(settings.savedBindAddress(), { host: '::1', port: 9000 });
  });
});

describe('listenAddress', () => {
  const saved = { host: '0.0.0.0', port: 9000 };

  it('uses the saved address when no option or variable names one', () => {
    assert.deepEqual(listenAddress(defaults, saved), { host: '0.0.0.0', port: 9000, fromSettings: true });
    assert.deepEqual(listenAddress(defaults, undefined), { host: '127.0.0.1', port: 7870, fromSettings: false });
  });

  it('lets --host and --port (or their variables) win, part by part', () => {
    const port = { ...defaults, port: 0, explicit: { ...defaults.explicit, port: true } };
    assert.deepEqual(listenAddress(port, saved), { host: '0.0.0.0', port: 0, fromSettings: true });
    const both = { ...defaults, host: '::1', port: 0, explicit: { host: true, port: true, lfsThreshold: false } };
    assert.deepEqual(listenAddress(both, saved), { host: '::1', port: 0, fromSettings: false });
  });
});

import type { Db } from './open-database.js';

/** settings: values saved from the UI, by key, as JSON text. */
export function createSettingsTable(db: Db) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const upsert = db.prepare<[string, string, number]>(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM settings WHERE key = ?');

  return {
    /** The stored value, parsed from JSON; undefined when absent or unreadable. */
    get: (key: string): unknown => {
      const row = get.get(key);
      if (row === undefined) return undefined;
      try {
        return JSON.parse(row.value) as unknown;
      } catch {
        return undefined;
      }
    },
    set: (key: string, value: unknown, now: number): void => void upsert.run(key, JSON.stringify(value), now),
    remove: (key: string): void => void remove.run(key),
  };
}

export type SettingsTable = ReturnType<typeof createSettingsTable>;

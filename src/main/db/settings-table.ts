import { createKeyedValuesTable } from './keyed-values-table.js';
import type { Db } from './open-database.js';

/** settings: values saved from the UI, by key, as JSON text. */
export function createSettingsTable(db: Db) {
  const values = createKeyedValuesTable<string, string>(db, { table: 'settings', key: 'key', value: 'value' });

  return {
    /** The stored value, parsed from JSON; undefined when absent or unreadable. */
    get: (key: string): unknown => {
      const text = values.get(key);
      if (text === undefined) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    },
    set: (key: string, value: unknown, now: number): void => values.set(key, JSON.stringify(value), now),
    remove: values.remove,
  };
}

export type SettingsTable = ReturnType<typeof createSettingsTable>;

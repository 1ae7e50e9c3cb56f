import type { Db } from './open-database.js';

/**
 * A table holding one value per key with the time it was last set (`updated_at`). Table and column
 * names come from this module's own table files, never from input.
 */
export function createKeyedValuesTable<Key extends string | number, Value extends string | number>(
  db: Db,
  names: { readonly table: string; readonly key: string; readonly value: string },
) {
  const { table, key, value } = names;
  const get = db.prepare<[Key], { value: Value }>(`SELECT ${value} AS value FROM ${table} WHERE ${key} = ?`);
  const upsert = db.prepare<[Key, Value, number]>(
    `INSERT INTO ${table} (${key}, ${value}, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (${key}) DO UPDATE SET ${value} = excluded.${value}, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[Key]>(`DELETE FROM ${table} WHERE ${key} = ?`);

  return {
    get: (id: Key): Value | undefined => get.get(id)?.value,
    set: (id: Key, stored: Value, now: number): void => void upsert.run(id, stored, now),
    remove: (id: Key): void => void remove.run(id),
  };
}

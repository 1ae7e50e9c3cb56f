import { sql as initial } from './001-initial.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Numbered migrations, applied in order; a migration is never edited once it has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

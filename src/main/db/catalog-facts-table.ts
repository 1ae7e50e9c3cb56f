import { OID_MATCHES, STORED_FORM } from './catalog-hash-sql.js';
import { redoableTransaction, type Db } from './open-database.js';

export type FileFactsKind = 'config' | 'card' | 'safetensors' | 'safetensors-index' | 'gguf';

/** What was read from one file's content: facts as JSON, or why it could not be read. */
export interface CatalogFileFactsRow {
  hash: string;
  kind: string;
  facts: string | null;
  error: string | null;
  read_at: number;
}

/** A stored revision's facts: the filtered columns (lists comma-separated) and the whole summary as JSON. */
export interface CatalogRevisionFactsRow {
  revision: number;
  architectures: string;
  model_type: string | null;
  parameters: number | null;
  dtypes: string;
  quantisation: string;
  license: string | null;
  library: string | null;
  formats: string;
  bytes_to_load: number | null;
  summary: string;
  read_at: number;
}

/** Conditions on revision facts; an absent one is no condition. Text matches ignore case. */
export interface RevisionFactsFilter {
  /** Part of any architecture name ("llama" matches LlamaForCausalLM). */
  readonly architecture?: string | undefined;
  readonly modelType?: string | undefined;
  readonly minParameters?: number | undefined;
  readonly maxParameters?: number | undefined;
  readonly dtype?: string | undefined;
  readonly quantisation?: string | undefined;
  readonly license?: string | undefined;
  readonly library?: string | undefined;
  readonly format?: string | undefined;
  readonly maxBytesToLoad?: number | undefined;
}

/** A tracked repo (by row id) whose current revision's facts pass a filter, with its summary JSON. */
export interface CatalogFactsMatchRow {
  repo_row: number;
  summary: string;
}

type FilterParams = { [K in keyof Required<RevisionFactsFilter>]: RevisionFactsFilter[K] | null };

// `,list,` contains `,value,`: one element of a comma-separated column equals the value.
const HAS = (column: string, param: string): string => `(@${param} IS NULL OR instr(',' || lower(${column}) || ',', ',' || lower(@${param}) || ',') > 0)`;

/** catalog_file_facts and catalog_revision_facts: model facts read without downloading weights. */
export function createCatalogFactsTable(db: Db) {
  const fileFacts = db.prepare<[string, string], CatalogFileFactsRow>('SELECT * FROM catalog_file_facts WHERE hash = ? AND kind = ?');
  const putFile = db.prepare<[CatalogFileFactsRow]>(
    `INSERT INTO catalog_file_facts (hash, kind, facts, error, read_at) VALUES (@hash, @kind, @facts, @error, @read_at)
     ON CONFLICT (hash, kind) DO UPDATE SET facts = excluded.facts, error = excluded.error, read_at = excluded.read_at`,
  );
  const revisionFacts = db.prepare<[number], CatalogRevisionFactsRow>('SELECT * FROM catalog_revision_facts WHERE revision = ?');
  const putRevision = db.prepare<[CatalogRevisionFactsRow]>(
    `INSERT OR REPLACE INTO catalog_revision_facts
       (revision, architectures, model_type, parameters, dtypes, quantisation, license, library, formats, bytes_to_load, summary, read_at)
     VALUES (@revision, @architectures, @model_type, @parameters, @dtypes, @quantisation, @license, @library, @formats, @bytes_to_load, @summary, @read_at)`,
  );
  const matching = db.prepare<[FilterParams], CatalogFactsMatchRow>(
    `SELECT c.repo_row, f.summary FROM catalog_current c
     JOIN catalog_revision_facts f ON f.revision = c.revision_row
     WHERE (c.ref = c.tracked OR (c.tracked = '*' AND c.ref = 'main'))
       AND (@architecture IS NULL OR instr(lower(f.architectures), lower(@architecture)) > 0)
       AND (@modelType IS NULL OR lower(f.model_type) = lower(@modelType))
       AND (@minParameters IS NULL OR f.parameters >= @minParameters)
       AND (@maxParameters IS NULL OR f.parameters <= @maxParameters)
       AND ${HAS('f.dtypes', 'dtype')} AND ${HAS('f.quantisation', 'quantisation')} AND ${HAS('f.formats', 'format')}
       AND (@license IS NULL OR lower(f.license) = lower(@license))
       AND (@library IS NULL OR lower(f.library) = lower(@library))
       AND (@maxBytesToLoad IS NULL OR f.bytes_to_load <= @maxBytesToLoad)
     ORDER BY c.repo_id, c.type, c.source, c.endpoint, c.tracked`,
  );
  const sweep = db.prepare(
    `DELETE FROM catalog_file_facts WHERE NOT EXISTS (SELECT 1 FROM catalog_entries e WHERE e.lfs_sha256 = ${STORED_FORM('catalog_file_facts.hash')})
       AND NOT EXISTS (SELECT 1 FROM catalog_entries e WHERE e.child IS NULL AND ${OID_MATCHES('e.oid', STORED_FORM('catalog_file_facts.hash'))})`,
  );

  return {
    file: (hash: string, kind: FileFactsKind): CatalogFileFactsRow | undefined => fileFacts.get(hash, kind),
    // Facts are read again when lost: their commits need not wait for the disk.
    putFile: (row: CatalogFileFactsRow): void => redoableTransaction(db, () => void putFile.run(row)),
    revision: (revision: number): CatalogRevisionFactsRow | undefined => revisionFacts.get(revision),
    putRevision: (row: CatalogRevisionFactsRow): void => redoableTransaction(db, () => void putRevision.run(row)),
    /** Tracked repos whose current revision has facts passing the filter. */
    matching: (filter: RevisionFactsFilter): CatalogFactsMatchRow[] =>
      matching.all({
        architecture: filter.architecture ?? null, modelType: filter.modelType ?? null, minParameters: filter.minParameters ?? null,
        maxParameters: filter.maxParameters ?? null, dtype: filter.dtype ?? null, quantisation: filter.quantisation ?? null, license: filter.license ?? null,
        library: filter.library ?? null, format: filter.format ?? null, maxBytesToLoad: filter.maxBytesToLoad ?? null,
      }),
    /** Drops the file facts of content no stored folder holds any more. */
    sweep: (): number => sweep.run().changes,
  };
}

export type CatalogFactsTable = ReturnType<typeof createCatalogFactsTable>;

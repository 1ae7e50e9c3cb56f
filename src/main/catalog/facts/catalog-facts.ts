import type { CatalogFactsTable, CatalogRevisionRow, CatalogTreeQueries } from '../../db/index.js';
import { FILE_FACTS_SCHEMAS, type FileFactsCache, type FileKind, type FileOutcome, type RevisionFile } from './file-facts.js';
import type { FactsFilter } from './facts-filter.js';
import { modelFactsSchema, type ModelFacts } from './model-facts.js';
import { WEIGHTS_EXTENSIONS } from './model-format.js';
import { readModelFacts, type FactsSource } from './read-model-facts.js';

export interface CatalogFactsDeps {
  readonly facts: CatalogFactsTable;
  readonly tree: CatalogTreeQueries;
  readonly now: () => number;
}

/** Model facts of stored revisions: read from where the revision is (a hub, the hub store, a cached snapshot), kept in SQLite, filtered offline. */
export class CatalogFacts {
  constructor(private readonly deps: CatalogFactsDeps) {}

  /** Whether a revision's facts were read at all (complete or not). */
  wasRead(revision: CatalogRevisionRow): boolean {
    return this.deps.facts.revision(revision.id) !== undefined;
  }

  /** Whether a stored revision still needs its facts read (never read, or a file could not be reached last time). */
  needsReading(revision: CatalogRevisionRow): boolean {
    const stored = this.of(revision);
    return stored === null || !stored.complete;
  }

  /** Reads and stores a revision's facts from the source its files give (files read before, in any repo, are not read again). */
  async read(revision: CatalogRevisionRow, sourceOf: (files: readonly RevisionFile[]) => FactsSource, signal?: AbortSignal): Promise<ModelFacts> {
    const files = this.files(revision.root_folder);
    const facts = await readModelFacts(files, sourceOf(files), this.cache(), signal);
    this.deps.facts.putRevision({
      revision: revision.id,
      architectures: facts.architectures.join(','),
      model_type: facts.modelType,
      parameters: facts.parameters,
      dtypes: facts.dtypes.join(','),
      quantisation: facts.quantisation.join(','),
      license: facts.license,
      library: facts.library,
      formats: facts.formats.join(','),
      bytes_to_load: facts.bytesToLoad,
      summary: JSON.stringify(facts),
      read_at: this.deps.now(),
    });
    return facts;
  }

  /** A stored revision's facts, null when none were read (or what is stored no longer reads back). */
  of(revision: CatalogRevisionRow): ModelFacts | null {
    const row = this.deps.facts.revision(revision.id);
    return row === undefined ? null : parseStored(row.summary, modelFactsSchema.safeParse.bind(modelFactsSchema));
  }

  /** Tracked repo row ids whose current revision's facts pass the filter, with the facts. */
  matching(filter: FactsFilter): Map<number, ModelFacts> {
    const out = new Map<number, ModelFacts>();
    for (const row of this.deps.facts.matching(filter)) {
      const facts = parseStored(row.summary, modelFactsSchema.safeParse.bind(modelFactsSchema));
      if (facts !== null) out.set(row.repo_row, facts);
    }
    return out;
  }

  /** The files of a stored structure that facts are read from: weights, safetensors indexes, config.json and README.md at the root. */
  private files(root: number): RevisionFile[] {
    const select = { extensions: WEIGHTS_EXTENSIONS, ending: '.safetensors.index.json', rootNames: ['config.json', 'README.md'] };
    return this.deps.tree.filesSelected(root, select).map((row) => ({ path: row.path, size: row.size, oid: row.oid, sha256: row.lfs_sha256 }));
  }

  private cache(): FileFactsCache {
    const table = this.deps.facts;
    const now = this.deps.now;
    return {
      get<K extends FileKind>(hash: string, kind: K): FileOutcome<K> | undefined {
        const row = table.file(hash, kind);
        if (row === undefined) return undefined;
        if (row.error !== null) return { error: row.error };
        const schema = FILE_FACTS_SCHEMAS[kind];
        const facts = parseStored(row.facts ?? '', schema.safeParse.bind(schema));
        return facts === null ? undefined : { facts };
      },
      put<K extends FileKind>(hash: string, kind: K, outcome: FileOutcome<K>): void {
        table.putFile({ hash, kind, facts: 'facts' in outcome ? JSON.stringify(outcome.facts) : null, error: 'error' in outcome ? outcome.error : null, read_at: now() });
      },
    };
  }
}

function parseStored<T>(json: string, check: (value: unknown) => { success: true; data: T } | { success: false }): T | null {
  try {
    const result = check(JSON.parse(json));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

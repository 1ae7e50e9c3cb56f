import type { CatalogFileRow, CatalogQueries } from '../db/index.js';
import { likePattern, type FindQuery } from './find-query.js';
import { globLookup } from './glob-lookup.js';

/** The files of the current structures matching a query, each lookup through an index where one can answer it. */
export function findFiles(queries: CatalogQueries, query: FindQuery): CatalogFileRow[] {
  switch (query.kind) {
    case 'hash':
      return queries.filesWithHash(query.hash);
    case 'ext':
      return queries.filesWithExtension(query.ext.slice(query.ext.lastIndexOf('.') + 1), likePattern(query));
    case 'name': {
      // The names alone, from the trigram index (else the name index), then the few files found.
      const like = likePattern(query);
      return queries.filesOfEntries(queries.entriesContaining(query.text, like) ?? [...queries.entriesNamedLike(like)]);
    }
    case 'glob':
      return filesMatchingGlob(queries, query.glob, query.matches);
  }
}

function filesMatchingGlob(queries: CatalogQueries, glob: string, matches: (path: string) => boolean): CatalogFileRow[] {
  const lookup = globLookup(glob);
  let candidates: Iterable<CatalogFileRow>;
  if (lookup.kind === 'scan') candidates = queries.allFiles();
  else if (lookup.kind === 'name') candidates = queries.filesNamed(lookup.name);
  else {
    const entries =
      lookup.kind === 'ext' ? queries.entriesWithExtension(lookup.ext, lookup.prefix)
      : lookup.kind === 'prefix' ? queries.entriesStartingWith(lookup.prefix)
      : queries.entriesNamedLike(lookup.like);
    candidates = queries.filesOfEntries([...entries].filter((entry) => lookup.nameMatches(entry.name)));
  }
  const found: CatalogFileRow[] = [];
  for (const row of candidates) if (matches(row.path)) found.push(row);
  return found;
}

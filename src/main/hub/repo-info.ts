import { closeSync, openSync, readSync } from 'node:fs';
import type { HfRepoInfo, HfSibling } from '../../shared/hf-repo-info.js';
import type { RepoRecord, Store } from '../store/index.js';
import { cardFields, readFrontMatter, type CardFields } from './card-data.js';
import { isoDate } from '../http/index.js';
import { LruCache } from './lru-cache.js';

export interface RepoInfoOptions {
  /** Include every file of the revision (`siblings`). */
  readonly siblings: boolean;
  /** With siblings: size, blobId and lfs of each file (`blobs=true`). */
  readonly blobs: boolean;
  /** Include `usedStorage` (computed from the whole history, cached per ref heads). */
  readonly usedStorage: boolean;
  /** The download count when the caller already has it (listings). */
  readonly downloads?: number;
}

/** The opaque `_id` clients see (JS maps it to `id`): stable across renames. */
export function publicRepoId(repo: Pick<RepoRecord, 'id'>): string {
  return repo.id.toString(16).padStart(24, '0');
}

/** README bytes read for its metadata block: front matter sits at the top. */
const README_PREFIX_BYTES = 1024 * 1024;
/** Commits whose date and README metadata are kept in memory (keyed by commit id, so never stale). */
const COMMIT_CACHE_ENTRIES = 1024;
/** File entries of sibling lists kept in memory in all (keyed by commit id, so never stale). */
const SIBLING_CACHE_FILES = 200_000;

/**
 * Builds the Hub's model/dataset/space info objects. What depends only on a commit (file list,
 * README metadata) is cached by commit or blob id, so repeated info requests cost a few lookups.
 */
interface CommitFacts {
  readonly lastModified: string;
  readonly card: CardFields;
}

export class RepoInfoBuilder {
  private readonly siblingsByCommit = new LruCache<readonly HfSibling[]>(SIBLING_CACHE_FILES, (list) => list.length + 1);
  private readonly commitFacts = new LruCache<CommitFacts>(COMMIT_CACHE_ENTRIES, () => 1);

  constructor(private readonly store: Store) {}

  build(repo: RepoRecord, commitOid: string, options: RepoInfoOptions): HfRepoInfo {
    const { lastModified, card } = this.facts(commitOid, repo);
    return {
      _id: publicRepoId(repo),
      id: repo.fullName,
      ...(repo.type === 'model' ? { modelId: repo.fullName } : {}),
      author: repo.namespace,
      sha: commitOid,
      lastModified,
      createdAt: isoDate(repo.createdAt),
      private: repo.private,
      gated: repo.gated,
      disabled: false,
      downloads: options.downloads ?? this.store.downloadCount(repo.id),
      likes: this.store.likes.count(repo.id),
      tags: card.tags,
      pipeline_tag: card.pipelineTag,
      library_name: card.libraryName,
      ...(repo.type === 'space' ? { sdk: this.store.repoOptions(repo.id).sdk } : {}),
      ...(card.cardData ? { cardData: card.cardData } : {}),
      ...(options.siblings ? { siblings: this.siblings(commitOid, options.blobs) } : {}),
      ...(options.usedStorage ? { usedStorage: this.store.repoUsage(repo.id) } : {}),
    };
  }

  private siblings(commitOid: string, blobs: boolean): readonly HfSibling[] {
    const key = `${commitOid}:${blobs}`;
    const cached = this.siblingsByCommit.get(key);
    if (cached) return cached;
    const siblings: HfSibling[] = [];
    for (const entry of this.store.listTree(commitOid, '', { recursive: true })) {
      if (entry.type !== 'file') continue;
      if (!blobs) {
        siblings.push({ rfilename: entry.path });
        continue;
      }
      siblings.push({
        rfilename: entry.path,
        size: entry.size,
        blobId: entry.oid,
        ...(entry.lfs ? { lfs: { sha256: entry.lfs.oid, size: entry.lfs.size, pointerSize: entry.lfs.pointerSize } } : {}),
      });
    }
    return this.siblingsByCommit.set(key, siblings);
  }

  private facts(commitOid: string, repo: RepoRecord): CommitFacts {
    const cached = this.commitFacts.get(commitOid);
    if (cached) return cached;
    const commit = this.store.getCommit(commitOid);
    const readme = this.store.getEntry(commitOid, 'README.md');
    const text = readme?.type === 'file' && !readme.lfs ? this.readPrefix(readme.oid) : undefined;
    return this.commitFacts.set(commitOid, {
      lastModified: isoDate(commit?.date ?? repo.updatedAt),
      card: cardFields(text === undefined ? undefined : readFrontMatter(text).data),
    });
  }

  private readPrefix(blobOid: string): string | undefined {
    const located = this.store.locateBlob(blobOid);
    if (!located || located.kind === 'pointer') return undefined;
    if (located.kind === 'inline') return located.data.subarray(0, README_PREFIX_BYTES).toString('utf8');
    let fd: number | undefined;
    try {
      fd = openSync(located.path, 'r');
      const buffer = Buffer.alloc(Math.min(located.size, README_PREFIX_BYTES));
      const read = readSync(fd, buffer, 0, buffer.length, 0);
      return buffer.subarray(0, read).toString('utf8');
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}

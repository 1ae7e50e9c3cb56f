/** JSON shapes of the Hub's repo info and listing routes (HF wire protocol §1.5). */

export type HfGated = false | 'auto' | 'manual';

export interface HfSibling {
  readonly rfilename: string;
  /** The following only with `blobs=true`. */
  readonly size?: number;
  /** Git blob oid (of the pointer text for LFS files). */
  readonly blobId?: string;
  /** Note: `sha256` here, where tree entries say `oid`. */
  readonly lfs?: { readonly sha256: string; readonly size: number; readonly pointerSize: number };
}

export interface HfRepoInfo {
  readonly _id: string;
  readonly id: string;
  /** Models only. */
  readonly modelId?: string;
  readonly author: string;
  readonly sha: string;
  readonly lastModified: string;
  readonly createdAt: string;
  readonly private: boolean;
  readonly gated: HfGated;
  readonly disabled: boolean;
  readonly downloads: number;
  readonly likes: number;
  readonly tags: readonly string[];
  readonly pipeline_tag: string | null;
  readonly library_name: string | null;
  /** Spaces only. */
  readonly sdk?: string | null;
  readonly cardData?: Record<string, unknown>;
  readonly siblings?: readonly HfSibling[];
  readonly usedStorage?: number;
}

/** `GET /api/users/{name}/repos` (KohakuHub's shape): a user's or org's visible repos by type. */
export interface HfUserRepos {
  readonly models: readonly HfRepoInfo[];
  readonly datasets: readonly HfRepoInfo[];
  readonly spaces: readonly HfRepoInfo[];
}

/** `GET/PUT /api/quota/{namespace}` and `/api/{type}s/{id}/quota`. */
export interface HfQuota {
  readonly limit: number | null;
  readonly used: number;
  /** Bytes left before the limit; null when unlimited. */
  readonly available: number | null;
}

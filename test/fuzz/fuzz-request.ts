/** One generated request, sent byte for byte on its own connection. */
export interface FuzzRequest {
  readonly family: string;
  readonly method: string;
  /** The request target; may hold raw bytes no HTTP client would send. */
  readonly target: Buffer;
  readonly headers: ReadonlyArray<readonly [string, string | Buffer]>;
  readonly body?: Buffer;
  /** Send no Host header at all. */
  readonly noHost?: boolean;
  /** Send no Content-Length for the body (a Transfer-Encoding header frames it, or nothing does). */
  readonly noLength?: boolean;
}

/** What the generators aim at: names and signed URLs of the fixture store. */
export interface FuzzTargets {
  readonly repo: string;
  readonly privateRepo: string;
  readonly dataset: string;
  readonly head: string;
  readonly lfsOid: string;
  readonly token: string;
  readonly readToken: string;
  readonly cookie: string;
  /** Paths (with query) of signed transfer URLs: a basic upload, its verify, multipart parts and completion, a download. */
  readonly upload: string;
  readonly verify: string;
  readonly parts: readonly string[];
  readonly complete: string;
  readonly download: string;
  readonly community: CommunityTargets;
}

/** What the discussion, access-request and collection generators aim at. */
export interface CommunityTargets {
  /** A repo gated by hand, with a pending request of the read-token user. */
  readonly gatedRepo: string;
  /** The numbers of a discussion and of a pull request of `repo`. */
  readonly discussion: number;
  readonly pullRequest: number;
  /** Pull requests that cannot be merged (or have their status changed): one conflicts with main, one is merged. */
  readonly conflictingPullRequest: number;
  readonly mergedPullRequest: number;
  /** The id (hex, as the wire has it) of a comment in the discussion. */
  readonly commentId: string;
  /** The slug (`owner/title-id`) of a collection holding `repo`, and its item's id. */
  readonly collection: string;
  readonly collectionItem: string;
  /** A UI session of the read-token user (the fixture's `cookie` is the owner's). */
  readonly readerCookie: string;
}

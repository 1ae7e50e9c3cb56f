import type { GitObjectSource, PackObjectType } from './object-source.js';

/** How far back history goes for a shallow clone or fetch. */
export type Deepen =
  | { readonly kind: 'depth'; readonly depth: number; /** `deepen-relative`: counted from the client's shallow commits. */ readonly relative?: boolean }
  | { readonly kind: 'since'; readonly time: number }
  | { readonly kind: 'not'; readonly commits: readonly string[] };

/** Partial clone: which blobs stay behind (the client fetches them when it needs them). */
export type ObjectFilter = { readonly kind: 'blob:none' } | { readonly kind: 'blob:limit'; readonly limit: number };

/** `deepen 2147483647` is how git asks for the whole history (`--unshallow`). */
export const INFINITE_DEPTH = 2147483647;

export interface WalkRequest {
  /** Validated wants: commits, or trees and blobs for on-demand fetches of a partial clone. */
  readonly wants: ReadonlyArray<{ readonly oid: string; readonly type: PackObjectType }>;
  /** Haves that are commits of this repo. */
  readonly commonHaves: readonly string[];
  /** Commits the client has without their parents. */
  readonly clientShallows: ReadonlySet<string>;
  readonly deepen?: Deepen;
  readonly filter?: ObjectFilter;
}

export interface PackObject {
  readonly oid: string;
  readonly type: PackObjectType;
}

export interface ShallowUpdate {
  /** Commits whose parents are not sent: the client grafts them as roots. */
  readonly shallow: readonly string[];
  /** Commits the client had as shallow whose parents are now sent. */
  readonly unshallow: readonly string[];
}

/** The commits at the shallow boundary, and which commits the client may see, for a deepen request. */
export function shallowBoundary(source: GitObjectSource, request: WalkRequest): { update: ShallowUpdate; visible: Set<string> } {
  const visible = new Set<string>();
  const cut = new Set<string>();
  const deepen = request.deepen;
  if (deepen === undefined) return { update: { shallow: [], unshallow: [] }, visible };
  const excluded = deepen.kind === 'not' ? ancestorsOf(source, deepen.commits, new Set()) : undefined;
  const depth = new Map<string, number>();
  const queue: string[] = [];
  const start = (oid: string): void => {
    visible.add(oid);
    depth.set(oid, 1);
    queue.push(oid);
  };
  const wants = request.wants.filter((want) => want.type === 'commit').map((want) => want.oid);
  if (deepen.kind === 'depth' && deepen.relative === true) {
    // Everything down to the client's shallow commits, then `depth` generations below them.
    for (const oid of ancestorsOf(source, wants, request.clientShallows)) {
      if (request.clientShallows.has(oid)) start(oid);
      else visible.add(oid);
    }
  } else {
    for (const oid of wants) if (!visible.has(oid)) start(oid);
  }
  for (let at = 0; at < queue.length; at++) {
    const oid = queue[at] as string;
    const commit = source.commit(oid);
    if (!commit || commit.parents.length === 0) continue;
    const level = depth.get(oid) ?? 1;
    if (deepen.kind === 'depth' && deepen.depth !== INFINITE_DEPTH && level >= deepen.depth) {
      cut.add(oid);
      continue;
    }
    const keep = commit.parents.filter((parent) => {
      if (excluded?.has(parent)) return false;
      if (deepen.kind === 'since') return (source.commit(parent)?.time ?? 0) >= deepen.time;
      return true;
    });
    if (keep.length < commit.parents.length) {
      // A graft drops every parent: a commit keeps all of them or none.
      cut.add(oid);
      continue;
    }
    for (const parent of keep) {
      if (visible.has(parent)) continue;
      visible.add(parent);
      depth.set(parent, level + 1);
      queue.push(parent);
    }
  }
  const shallow = [...cut].filter((oid) => !request.clientShallows.has(oid));
  const unshallow = [...request.clientShallows].filter((oid) => visible.has(oid) && !cut.has(oid) && (source.commit(oid)?.parents.length ?? 0) > 0);
  return { update: { shallow, unshallow }, visible };
}

/**
 * Every object the client needs for its wants: the commits not reachable from what it has, then
 * their trees and blobs, minus blobs a filter leaves out. Each commit's tree is compared path by
 * path with its parents' trees where the parent is sent or the client has it: an entry equal to
 * the parent's is sent with the parent or is on the client already, so a fetch of one commit
 * reads only the folders it changed. Ids only are held, whatever the size of the content.
 */
export function objectsToSend(source: GitObjectSource, request: WalkRequest): { objects: PackObject[]; shallow: ShallowUpdate } {
  const has = ancestorsOf(source, request.commonHaves, request.clientShallows);
  const { update, visible } = shallowBoundary(source, request);
  const grafted = new Set(update.shallow.concat([...request.clientShallows].filter((oid) => !update.unshallow.includes(oid))));

  const commits: string[] = [];
  const seen = new Set<string>();
  const stack: string[] = [];
  for (const want of request.wants) if (want.type === 'commit') stack.push(want.oid);
  // An unshallowed commit may sit below another commit the client has: walk from it too.
  stack.push(...update.unshallow);
  while (stack.length > 0) {
    const oid = stack.pop() as string;
    if (seen.has(oid)) continue;
    seen.add(oid);
    if (has.has(oid)) {
      // A shallow commit the client has, now unshallowed: its parents are what it lacks.
      if (!update.unshallow.includes(oid)) continue;
    } else {
      if (request.deepen !== undefined && !visible.has(oid)) continue;
      commits.push(oid);
    }
    if (grafted.has(oid)) continue;
    for (const parent of source.commit(oid)?.parents ?? []) stack.push(parent);
  }

  const sentCommits = new Set(commits);
  const objects: PackObject[] = commits.map((oid) => ({ oid, type: 'commit' }));
  const walker = new TreeWalker(source, request.filter, objects);
  for (const oid of commits) {
    const commit = source.commit(oid);
    if (!commit) continue;
    const bases: string[] = [];
    if (!grafted.has(oid)) {
      for (const parent of commit.parents) {
        const tree = sentCommits.has(parent) || has.has(parent) ? source.commit(parent)?.tree : undefined;
        if (tree !== undefined) bases.push(tree);
      }
    }
    walker.walk(commit.tree, bases);
  }
  for (const want of request.wants) {
    if (want.type === 'tree') walker.walk(want.oid, []);
    else if (want.type === 'blob') walker.addWantedBlob(want.oid);
  }
  return { objects, shallow: update };
}

/** Commits reachable from `heads`, not going past `stops` (the client's shallow commits). */
export function ancestorsOf(source: GitObjectSource, heads: readonly string[], stops: ReadonlySet<string>): Set<string> {
  const reached = new Set<string>();
  const stack = [...heads];
  while (stack.length > 0) {
    const oid = stack.pop() as string;
    if (reached.has(oid)) continue;
    reached.add(oid);
    if (stops.has(oid)) continue;
    for (const parent of source.commit(oid)?.parents ?? []) if (!reached.has(parent)) stack.push(parent);
  }
  return reached;
}

/**
 * Walks trees depth first, adding each tree and blob once. A tree is compared entry by entry with
 * the trees at the same path in the bases (its commit's parents): an equal entry is skipped, as
 * equal ids mean equal content, and only differing subtrees are read.
 */
class TreeWalker {
  private readonly sent = new Set<string>();

  constructor(
    private readonly source: GitObjectSource,
    private readonly filter: ObjectFilter | undefined,
    private readonly out: PackObject[],
  ) {}

  walk(root: string, rootBases: readonly string[]): void {
    const stack: Array<{ oid: string; bases: readonly string[] }> = [{ oid: root, bases: rootBases }];
    while (stack.length > 0) {
      const { oid, bases } = stack.pop() as { oid: string; bases: readonly string[] };
      if (this.sent.has(oid) || bases.includes(oid)) continue;
      this.sent.add(oid);
      this.out.push({ oid, type: 'tree' });
      const baseEntries = bases.map((base) => new Map(this.source.treeChildren(base).map((child) => [child.name, child])));
      const children = this.source.treeChildren(oid);
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i] as (typeof children)[number];
        const same = baseEntries.map((entries) => entries.get(child.name)).filter((entry) => entry !== undefined);
        if (same.some((entry) => entry.oid === child.oid)) continue;
        if (child.type === 'tree') {
          stack.push({ oid: child.oid, bases: same.filter((entry) => entry.type === 'tree').map((entry) => entry.oid) });
        } else if (child.type === 'blob' && !this.sent.has(child.oid) && this.keepsBlob(child.oid)) {
          this.sent.add(child.oid);
          this.out.push({ oid: child.oid, type: 'blob' });
        }
      }
    }
  }

  /** A blob named in a want is sent whatever the filter (git's on-demand fetch of a partial clone). */
  addWantedBlob(oid: string): void {
    if (this.sent.has(oid)) return;
    this.sent.add(oid);
    this.out.push({ oid, type: 'blob' });
  }

  private keepsBlob(oid: string): boolean {
    if (this.filter === undefined) return true;
    if (this.filter.kind === 'blob:none') return false;
    return (this.source.blobSize(oid) ?? 0) < this.filter.limit;
  }
}

import type { RepoRecord, Store } from '../store/index.js';
import type { FetchRequest } from './fetch-request.js';
import { INFINITE_DEPTH, ancestorsOf, objectsToSend, type Deepen, type PackObject, type ShallowUpdate } from './object-walk.js';
import type { GitObjectSource, PackObjectType } from './object-source.js';
import { GitProtocolError } from './pkt-line.js';

/** The refs a client may name, resolved once per request. */
export interface RepoView {
  readonly repo: RepoRecord;
  readonly store: Store;
  readonly source: GitObjectSource;
  readonly refs: ReadonlyArray<{ readonly name: string; readonly commit: string }>;
  /** Tag refs showing an annotated tag object: ref name -> tag object id (the ref's commit is what it peels to). */
  readonly tags: ReadonlyMap<string, string>;
}

export interface PackPlan {
  readonly objects: PackObject[];
  readonly shallow: ShallowUpdate;
}

/** Haves that name commits of this repo, in the order sent (the last one is ACKed after `done`). */
export function commonHaves(view: RepoView, haves: readonly string[]): string[] {
  const common: string[] = [];
  const seen = new Set<string>();
  for (const oid of haves) {
    if (seen.has(oid)) continue;
    seen.add(oid);
    if (view.store.repoHasCommit(view.repo.id, oid)) common.push(oid);
  }
  return common;
}

/**
 * Each want with its type. Commits must belong to the repo (ref tips or their history); a tree
 * or blob (a partial clone fetching what it left behind) must be reachable from a ref, since the
 * object database is shared by every repo. Anything else is `not our ref`, as git says.
 */
export function checkWants(view: RepoView, wants: readonly string[]): Array<{ oid: string; type: PackObjectType }> {
  const checked: Array<{ oid: string; type: PackObjectType }> = [];
  const others = new Map<string, PackObjectType>();
  const seen = new Set<string>();
  const tagTargets = annotatedTagTargets(view);
  for (const oid of wants) {
    if (seen.has(oid)) continue;
    seen.add(oid);
    const tagged = tagTargets.get(oid);
    if (tagged !== undefined) {
      checked.push({ oid: tagged, type: 'commit' });
      continue;
    }
    if (view.store.repoHasCommit(view.repo.id, oid)) {
      checked.push({ oid, type: 'commit' });
      continue;
    }
    const type = view.source.typeOf(oid);
    if (type === undefined || type === 'commit') throw notOurRef(oid);
    others.set(oid, type);
  }
  if (others.size > 0) {
    const missing = unreachable(view, new Set(others.keys()));
    if (missing !== undefined) throw notOurRef(missing);
    for (const [oid, type] of others) checked.push({ oid, type });
  }
  return checked;
}

/** The first of `targets` no ref reaches, walking the refs' histories and trees until all are found. */
function unreachable(view: RepoView, targets: Set<string>): string | undefined {
  const trees = new Set<string>();
  const commits = ancestorsOf(view.source, view.refs.map((ref) => ref.commit), new Set());
  for (const oid of commits) {
    const root = view.source.commit(oid)?.tree;
    const stack = root === undefined ? [] : [root];
    while (stack.length > 0) {
      const tree = stack.pop() as string;
      if (trees.has(tree)) continue;
      trees.add(tree);
      targets.delete(tree);
      for (const child of view.source.treeChildren(tree)) {
        if (child.type === 'tree') stack.push(child.oid);
        else targets.delete(child.oid);
      }
      if (targets.size === 0) return undefined;
    }
  }
  return targets.values().next().value;
}

function notOurRef(oid: string): GitProtocolError {
  return new GitProtocolError(`upload-pack: not our ref ${oid}`);
}

/** Resolves `deepen-not <ref>` names to commits of this repo. */
export function resolveDeepen(view: RepoView, request: FetchRequest): Deepen | undefined {
  const deepen = request.deepen;
  if (deepen?.kind === 'depth' && request.options.has('deepen-relative')) return { ...deepen, depth: deepen.depth === INFINITE_DEPTH ? deepen.depth : deepen.depth + 1, relative: true };
  if (deepen?.kind !== 'not') return deepen;
  const commits = deepen.refs.map((name) => {
    try {
      return view.store.resolveRevision(view.repo.id, name);
    } catch {
      throw new GitProtocolError(`git upload-pack: ambiguous or unknown deepen-not: ${name.slice(0, 200)}`);
    }
  });
  return { kind: 'not', commits };
}

/** Annotated tag object id -> the commit it peels to, for this repo's tag refs. */
export function annotatedTagTargets(view: RepoView): Map<string, string> {
  const commits = new Map(view.refs.map((ref) => [ref.name, ref.commit]));
  const targets = new Map<string, string>();
  for (const [name, tag] of view.tags) {
    const commit = commits.get(name);
    if (commit !== undefined) targets.set(tag, commit);
  }
  return targets;
}

/**
 * What to send for a request whose negotiation is done. An annotated tag wanted is sent with its
 * commit's history; with `include-tag`, so is every annotated tag whose commit the pack carries.
 */
export function planPack(view: RepoView, request: FetchRequest, common: readonly string[]): PackPlan {
  const wants = checkWants(view, request.wants);
  const deepen = resolveDeepen(view, request);
  const plan = objectsToSend(view.source, {
    wants,
    commonHaves: common,
    clientShallows: request.shallows,
    ...(deepen ? { deepen } : {}),
    ...(request.filter ? { filter: request.filter } : {}),
  });
  const targets = annotatedTagTargets(view);
  if (targets.size === 0) return plan;
  const wanted = new Set(request.wants);
  const sentCommits = new Set(plan.objects.filter((object) => object.type === 'commit').map((object) => object.oid));
  const includeTags = request.options.has('include-tag');
  const tags: PackObject[] = [];
  for (const [tag, commit] of targets) {
    if (wanted.has(tag) || (includeTags && sentCommits.has(commit))) tags.push({ oid: tag, type: 'tag' });
  }
  return tags.length === 0 ? plan : { ...plan, objects: [...plan.objects, ...tags] };
}

import { hierarchy, treemap, treemapSquarify } from 'd3-hierarchy';
import type { DiskRepo, RepoSource } from '../../../shared/app-api.js';

export interface TreemapCell {
  readonly key: string;
  readonly repo: string;
  readonly source: RepoSource;
  /** The snapshot's commit, or undefined for a repo shown whole. */
  readonly commit: string | undefined;
  readonly refs: readonly string[];
  readonly bytes: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

interface Node {
  readonly name: string;
  readonly value?: number;
  readonly repo?: DiskRepo;
  readonly commit?: string;
  readonly refs?: readonly string[];
  readonly children?: readonly Node[];
}

/**
 * Lays repos and their revisions out as a squarified treemap. Revisions of one repo share files,
 * so a repo's area is its real size on disk, split between its revisions in proportion to theirs.
 */
export function layoutTreemap(repos: readonly DiskRepo[], width: number, height: number): TreemapCell[] {
  const children: Node[] = repos
    .filter((repo) => repo.sizeOnDisk > 0)
    .map((repo) => {
      const revisionTotal = repo.revisions.reduce((sum, revision) => sum + revision.sizeOnDisk, 0);
      if (repo.revisions.length <= 1 || revisionTotal === 0) return { name: `${repo.source}:${repo.type}:${repo.id}`, value: repo.sizeOnDisk, repo, refs: repo.revisions[0]?.refs ?? [] };
      return {
        name: `${repo.source}:${repo.type}:${repo.id}`,
        repo,
        children: repo.revisions.map((revision) => ({
          name: revision.commit,
          value: (repo.sizeOnDisk * revision.sizeOnDisk) / revisionTotal,
          repo,
          commit: revision.commit,
          refs: revision.refs,
        })),
      };
    });
  const root = hierarchy<Node>({ name: 'root', children }, (node) => (node.children === undefined ? undefined : [...node.children]))
    .sum((node) => node.value ?? 0)
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  const laid = treemap<Node>().tile(treemapSquarify).size([width, height]).paddingInner(2).paddingOuter(0).round(true)(root);
  return laid.leaves().flatMap((leaf) => {
    const repo = leaf.data.repo;
    if (!repo) return [];
    return [
      {
        key: `${leaf.data.name}@${leaf.parent?.data.name ?? ''}`,
        repo: repo.id,
        source: repo.source,
        commit: leaf.data.commit,
        refs: leaf.data.refs ?? [],
        bytes: leaf.value ?? 0,
        x: leaf.x0,
        y: leaf.y0,
        width: leaf.x1 - leaf.x0,
        height: leaf.y1 - leaf.y0,
      },
    ];
  });
}

import type { RepoFile } from '../../../shared/app-api.js';

export interface FileNode {
  readonly kind: 'file';
  readonly name: string;
  readonly path: string;
  readonly file: RepoFile;
}

export interface FolderNode {
  readonly kind: 'folder';
  readonly name: string;
  /** "" for the root. */
  readonly path: string;
  /** Bytes of every file below. */
  readonly size: number;
  /** Files below, at any depth. */
  readonly fileCount: number;
  /** Folders first, then files, each by name. */
  readonly children: readonly TreeNode[];
}

export type TreeNode = FileNode | FolderNode;

interface MutableFolder {
  readonly name: string;
  readonly path: string;
  size: number;
  fileCount: number;
  readonly folders: Map<string, MutableFolder>;
  readonly files: FileNode[];
}

function newFolder(name: string, path: string): MutableFolder {
  return { name, path, size: 0, fileCount: 0, folders: new Map(), files: [] };
}

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function freeze(folder: MutableFolder): FolderNode {
  const folders = [...folder.folders.values()].sort(byName).map(freeze);
  const files = folder.files.sort(byName);
  return { kind: 'folder', name: folder.name, path: folder.path, size: folder.size, fileCount: folder.fileCount, children: [...folders, ...files] };
}

/** The folder hierarchy of a flat file list, with each folder's total size and file count. O(files). */
export function buildFileTree(files: readonly RepoFile[]): FolderNode {
  const root = newFolder('', '');
  for (const file of files) {
    const segments = file.path.split('/');
    const name = segments.pop() ?? file.path;
    let folder = root;
    folder.size += file.size;
    folder.fileCount++;
    for (const segment of segments) {
      let child = folder.folders.get(segment);
      if (!child) {
        child = newFolder(segment, folder.path === '' ? segment : `${folder.path}/${segment}`);
        folder.folders.set(segment, child);
      }
      folder = child;
      folder.size += file.size;
      folder.fileCount++;
    }
    folder.files.push({ kind: 'file', name, path: file.path, file });
  }
  return freeze(root);
}

export interface VisibleRow {
  readonly node: TreeNode;
  /** 1 for the root's children (aria-level). */
  readonly level: number;
  readonly posInSet: number;
  readonly setSize: number;
  readonly parentPath: string | undefined;
}

/** The rows on screen: the root's children, and the children of every expanded folder, in order. */
export function visibleRows(root: FolderNode, expanded: Readonly<Record<string, true>>): VisibleRow[] {
  const rows: VisibleRow[] = [];
  const visit = (folder: FolderNode, level: number): void => {
    const setSize = folder.children.length;
    folder.children.forEach((node, index) => {
      rows.push({ node, level, posInSet: index + 1, setSize, parentPath: folder.path === '' ? undefined : folder.path });
      if (node.kind === 'folder' && expanded[node.path] === true) visit(node, level + 1);
    });
  };
  visit(root, 1);
  return rows;
}

/** Finds a node by path (undefined when the revision has no such file or folder). */
export function findNode(root: FolderNode, path: string): TreeNode | undefined {
  if (path === '') return root;
  let current: TreeNode = root;
  for (const segment of path.split('/')) {
    if (current.kind !== 'folder') return undefined;
    const next: TreeNode | undefined = current.children.find((child) => child.name === segment);
    if (!next) return undefined;
    current = next;
  }
  return current;
}

/** Every folder on the way to a path ("a/b/c.txt" → "a", "a/b"), to expand when revealing it. */
export function ancestorFolders(path: string): string[] {
  const segments = path.split('/');
  segments.pop();
  return segments.map((_, index) => segments.slice(0, index + 1).join('/'));
}

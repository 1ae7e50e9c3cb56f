/** How a line of a unified diff is shown: a file header, a hunk header, an added, removed or unchanged line. */
export type DiffLineKind = 'meta' | 'hunk' | 'add' | 'del' | 'context';

export interface DiffLine {
  readonly kind: DiffLineKind;
  readonly text: string;
}

export interface DiffFile {
  readonly path: string;
  readonly added: number;
  readonly removed: number;
  readonly lines: readonly DiffLine[];
}

const FILE_START = /^diff --git a\/(.*) b\/(.*)$/;

/**
 * Splits `git diff` text into files and classifies each line. A file's own header lines
 * (`index`, `---`, `+++`, modes, "Binary files … differ") are `meta` until its first hunk, so a
 * removed line that starts with "--" is still a removal.
 */
export function parseUnifiedDiff(text: string): DiffFile[] {
  const files: Array<{ path: string; added: number; removed: number; lines: DiffLine[] }> = [];
  let current: (typeof files)[number] | undefined;
  let inHunk = false;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const start = FILE_START.exec(line);
    if (start) {
      current = { path: start[2] ?? start[1] ?? '', added: 0, removed: 0, lines: [{ kind: 'meta', text: line }] };
      files.push(current);
      inHunk = false;
      continue;
    }
    if (!current) {
      current = { path: '', added: 0, removed: 0, lines: [] };
      files.push(current);
    }
    let kind: DiffLineKind;
    if (line.startsWith('@@')) {
      kind = 'hunk';
      inHunk = true;
    } else if (!inHunk || line.startsWith('\\')) kind = 'meta';
    else if (line.startsWith('+')) kind = 'add';
    else if (line.startsWith('-')) kind = 'del';
    else kind = 'context';
    if (kind === 'add') current.added += 1;
    if (kind === 'del') current.removed += 1;
    current.lines.push({ kind, text: line });
  }
  return files;
}

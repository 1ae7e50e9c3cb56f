/** One line of an edit script: kept (" "), removed ("-") or added ("+"). */
export interface DiffLine {
  readonly op: ' ' | '-' | '+';
  readonly text: string;
  /** The file's last line, without a final newline. */
  readonly noNewline: boolean;
}

/** Above this many cells (changed lines before x after), a change is shown as removal + addition. */
const MAX_LCS_CELLS = 4_000_000;
const CONTEXT = 3;

interface Line {
  readonly text: string;
  readonly noNewline: boolean;
}

function splitLines(text: string): Line[] {
  if (text === '') return [];
  const parts = text.split('\n');
  const noNewline = parts[parts.length - 1] !== '';
  if (!noNewline) parts.pop();
  return parts.map((part, index) => ({ text: part, noNewline: noNewline && index === parts.length - 1 }));
}

const same = (a: Line, b: Line): boolean => a.text === b.text && a.noNewline === b.noNewline;

/** The edit script from `before` to `after`: common ends trimmed, the middle by longest common subsequence. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && same(a[head] as Line, b[head] as Line)) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && same(a[a.length - 1 - tail] as Line, b[b.length - 1 - tail] as Line)) tail++;
  const kept = (line: Line): DiffLine => ({ op: ' ', ...line });
  const script: DiffLine[] = a.slice(0, head).map(kept);
  script.push(...middle(a.slice(head, a.length - tail), b.slice(head, b.length - tail)));
  script.push(...a.slice(a.length - tail).map(kept));
  return script;
}

function middle(a: readonly Line[], b: readonly Line[]): DiffLine[] {
  const removed = (line: Line): DiffLine => ({ op: '-', ...line });
  const added = (line: Line): DiffLine => ({ op: '+', ...line });
  if (a.length === 0 || b.length === 0 || a.length * b.length > MAX_LCS_CELLS) return [...a.map(removed), ...b.map(added)];
  // lengths[i][j]: LCS length of a[i..] and b[j..], one flat array.
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] = same(a[i] as Line, b[j] as Line)
        ? (lengths[(i + 1) * width + j + 1] as number) + 1
        : Math.max(lengths[(i + 1) * width + j] as number, lengths[i * width + j + 1] as number);
    }
  }
  const script: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (same(a[i] as Line, b[j] as Line)) {
      script.push({ op: ' ', ...(a[i] as Line) });
      i++;
      j++;
    } else if ((lengths[(i + 1) * width + j] as number) >= (lengths[i * width + j + 1] as number)) {
      script.push(removed(a[i++] as Line));
    } else {
      script.push(added(b[j++] as Line));
    }
  }
  while (i < a.length) script.push(removed(a[i++] as Line));
  while (j < b.length) script.push(added(b[j++] as Line));
  return script;
}

/** The `@@` hunks of a unified diff (3 lines of context), as git prints them; "" when nothing changed. */
export function unifiedHunks(before: string, after: string): string {
  const script = diffLines(before, after);
  const changed = script.map((line, index) => (line.op === ' ' ? -1 : index)).filter((index) => index >= 0);
  if (changed.length === 0) return '';
  // Group changes whose context windows touch.
  const groups: Array<[number, number]> = [];
  for (const index of changed) {
    const last = groups[groups.length - 1];
    if (last && index - last[1] <= 2 * CONTEXT + 1) last[1] = index;
    else groups.push([index, index]);
  }
  const oldLineAt: number[] = [];
  const newLineAt: number[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const line of script) {
    oldLineAt.push(oldLine);
    newLineAt.push(newLine);
    if (line.op !== '+') oldLine++;
    if (line.op !== '-') newLine++;
  }
  let out = '';
  for (const [first, last] of groups) {
    const from = Math.max(0, first - CONTEXT);
    const to = Math.min(script.length - 1, last + CONTEXT);
    const lines = script.slice(from, to + 1);
    const oldCount = lines.filter((line) => line.op !== '+').length;
    const newCount = lines.filter((line) => line.op !== '-').length;
    const oldStart = oldCount === 0 ? (oldLineAt[from] as number) - 1 : (oldLineAt[from] as number);
    const newStart = newCount === 0 ? (newLineAt[from] as number) - 1 : (newLineAt[from] as number);
    out += `@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n`;
    for (const line of lines) {
      out += `${line.op}${line.text}\n`;
      if (line.noNewline) out += '\\ No newline at end of file\n';
    }
  }
  return out;
}

function range(start: number, count: number): string {
  return count === 1 ? String(start) : `${start},${count}`;
}

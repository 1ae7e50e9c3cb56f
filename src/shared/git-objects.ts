/**
 * Git object serialisation, byte for byte as git writes it, so the ids we hand out are real
 * git SHA-1s. Hashing itself happens in src/main (node:crypto); this module only builds bytes.
 */

export type GitObjectType = 'blob' | 'tree' | 'commit' | 'tag';

export const FILE_MODE = '100644';
export const EXECUTABLE_MODE = '100755';
export const SYMLINK_MODE = '120000';
export const TREE_MODE = '40000';
export const GITLINK_MODE = '160000';
export const TREE_MODES = [FILE_MODE, EXECUTABLE_MODE, SYMLINK_MODE, TREE_MODE, GITLINK_MODE] as const;
export type TreeEntryMode = (typeof TREE_MODES)[number];

export const EMPTY_TREE_OID = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export interface TreeEntry {
  readonly name: string;
  readonly mode: TreeEntryMode;
  readonly oid: string;
}

export interface Signature {
  readonly name: string;
  readonly email: string;
  /** Seconds since the epoch. */
  readonly time: number;
  /** Offset as git prints it, e.g. "+0000". */
  readonly timezone: string;
}

export interface CommitFields {
  readonly tree: string;
  readonly parents: readonly string[];
  readonly author: Signature;
  readonly committer: Signature;
  readonly message: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const OID_RE = /^[0-9a-f]{40}$/;

export function isOid(value: string): boolean {
  return OID_RE.test(value);
}

/** The `"<type> <size>\0"` header git hashes in front of every object body. */
export function objectHeader(type: GitObjectType, size: number): Uint8Array {
  return encoder.encode(`${type} ${size}\0`);
}

export function isTreeMode(mode: string): mode is TreeEntryMode {
  return (TREE_MODES as readonly string[]).includes(mode);
}

/** Git's tree order: byte order of names, with a tree's name compared as if it ended in "/". */
export function compareTreeEntries(a: TreeEntry, b: TreeEntry): number {
  return compareBytes(sortKey(a), sortKey(b));
}

function sortKey(entry: TreeEntry): Uint8Array {
  return encoder.encode(entry.mode === TREE_MODE ? `${entry.name}/` : entry.name);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Serialises a tree body; entries are sorted here, so callers may pass them in any order. */
export function serializeTree(entries: readonly TreeEntry[]): Uint8Array {
  const sorted = [...entries].sort(compareTreeEntries);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const entry of sorted) {
    const head = encoder.encode(`${entry.mode} ${entry.name}\0`);
    const oid = hexToBytes(entry.oid);
    parts.push(head, oid);
    total += head.length + oid.length;
  }
  return concat(parts, total);
}

export function parseTree(body: Uint8Array): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let i = 0;
  while (i < body.length) {
    const space = body.indexOf(0x20, i);
    const nul = body.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 21 > body.length) throw new Error('malformed tree object');
    const mode = decoder.decode(body.subarray(i, space));
    if (!isTreeMode(mode)) throw new Error(`unsupported tree entry mode ${mode}`);
    const name = decoder.decode(body.subarray(space + 1, nul));
    const oid = bytesToHex(body.subarray(nul + 1, nul + 21));
    entries.push({ name, mode, oid });
    i = nul + 21;
  }
  return entries;
}

export function formatSignature(sig: Signature): string {
  return `${cleanIdent(sig.name)} <${cleanIdent(sig.email)}> ${Math.trunc(sig.time)} ${sig.timezone}`;
}

/** Git refuses "<", ">" and newlines inside an ident; trims like git does. */
export function cleanIdent(value: string): string {
  return value.replace(/[<>\n\r\0]/g, '').trim();
}

export function serializeCommit(fields: CommitFields): Uint8Array {
  let text = `tree ${fields.tree}\n`;
  for (const parent of fields.parents) text += `parent ${parent}\n`;
  text += `author ${formatSignature(fields.author)}\n`;
  text += `committer ${formatSignature(fields.committer)}\n`;
  text += `\n${fields.message}`;
  return encoder.encode(text);
}

export interface ParsedCommit extends CommitFields {
  /** Header lines other than tree/parent/author/committer (e.g. gpgsig), kept verbatim. */
  readonly extraHeaders: string;
}

export function parseCommit(body: Uint8Array): ParsedCommit {
  const text = decoder.decode(body);
  const split = text.indexOf('\n\n');
  const head = split < 0 ? text : text.slice(0, split);
  const message = split < 0 ? '' : text.slice(split + 2);
  let tree: string | undefined;
  const parents: string[] = [];
  let author: Signature | undefined;
  let committer: Signature | undefined;
  const extra: string[] = [];
  for (const line of head.split('\n')) {
    const sp = line.indexOf(' ');
    const key = line.slice(0, sp);
    const value = line.slice(sp + 1);
    if (key === 'tree') tree = value;
    else if (key === 'parent') parents.push(value);
    else if (key === 'author') author = parseSignature(value);
    else if (key === 'committer') committer = parseSignature(value);
    else extra.push(line);
  }
  if (!tree || !author || !committer) throw new Error('malformed commit object');
  return { tree, parents, author, committer, message, extraHeaders: extra.join('\n') };
}

export function parseSignature(value: string): Signature {
  const match = /^(.*?) ?<([^>]*)> (\d+) ([+-]\d{4})$/.exec(value);
  if (!match) throw new Error(`malformed signature "${value}"`);
  return { name: match[1] ?? '', email: match[2] ?? '', time: Number(match[3]), timezone: match[4] ?? '+0000' };
}

/** A commit message as git stores it: title, blank line, body, trailing newline. */
export function commitMessage(title: string, description?: string): string {
  const cleanTitle = title.replace(/\r\n?/g, '\n').trim();
  const body = (description ?? '').replace(/\r\n?/g, '\n').trim();
  return body ? `${cleanTitle}\n\n${body}\n` : `${cleanTitle}\n`;
}

/** First line and remaining text of a commit message. */
export function splitCommitMessage(message: string): { title: string; description: string } {
  const nl = message.indexOf('\n');
  if (nl < 0) return { title: message, description: '' };
  return { title: message.slice(0, nl), description: message.slice(nl + 1).replace(/^\n+/, '').replace(/\n+$/, '') };
}

export function hexToBytes(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new Error(`invalid hex "${hex}"`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

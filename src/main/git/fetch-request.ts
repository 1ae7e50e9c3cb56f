import { isOid } from '../../shared/git-objects.js';
import { GitProtocolError } from './pkt-line.js';
import { INFINITE_DEPTH, type ObjectFilter } from './object-walk.js';

/** A deepen request as the client wrote it (deepen-not names refs, resolved later). */
export type DeepenRequest =
  | { readonly kind: 'depth'; readonly depth: number }
  | { readonly kind: 'since'; readonly time: number }
  | { readonly kind: 'not'; readonly refs: readonly string[] };

/** One upload-pack request (a v0 POST, or a v2 `fetch` command's arguments). */
export interface FetchRequest {
  readonly wants: string[];
  readonly haves: string[];
  readonly shallows: Set<string>;
  deepen?: DeepenRequest;
  filter?: ObjectFilter;
  /** Capabilities (v0, on the first want) or flags (v2: no-progress, include-tag, ...). */
  readonly options: Set<string>;
  done: boolean;
}

export function emptyFetchRequest(): FetchRequest {
  return { wants: [], haves: [], shallows: new Set(), options: new Set(), done: false };
}

/**
 * Applies one request line (`want`, `have`, `shallow`, `deepen*`, `filter`, `done`, or a v2 flag)
 * to the request; anything malformed is a GitProtocolError the client sees as `ERR`.
 */
export function applyFetchLine(request: FetchRequest, line: string, flags: ReadonlySet<string>): void {
  const space = line.indexOf(' ');
  const word = space < 0 ? line : line.slice(0, space);
  const arg = space < 0 ? '' : line.slice(space + 1);
  switch (word) {
    case 'want':
    case 'have':
    case 'shallow': {
      const oid = arg.slice(0, 40);
      if (!isOid(oid) || (arg.length > 40 && arg[40] !== ' ')) throw new GitProtocolError(`invalid ${word} line: ${shorten(line)}`);
      if (word === 'want') {
        request.wants.push(oid);
        for (const capability of arg.slice(41).split(' ')) if (capability !== '') request.options.add(capability);
      } else if (word === 'have') request.haves.push(oid);
      else request.shallows.add(oid);
      return;
    }
    case 'deepen': {
      const depth = /^[0-9]{1,10}$/.test(arg) ? Number(arg) : 0;
      if (depth < 1) throw new GitProtocolError(`invalid deepen: ${shorten(arg)}`);
      request.deepen = { kind: 'depth', depth: Math.min(depth, INFINITE_DEPTH) };
      return;
    }
    case 'deepen-since': {
      if (!/^[0-9]{1,15}$/.test(arg)) throw new GitProtocolError(`invalid deepen-since: ${shorten(arg)}`);
      request.deepen = { kind: 'since', time: Number(arg) };
      return;
    }
    case 'deepen-not': {
      if (arg === '' || arg.length > 1024) throw new GitProtocolError('invalid deepen-not');
      const previous = request.deepen?.kind === 'not' ? request.deepen.refs : [];
      request.deepen = { kind: 'not', refs: [...previous, arg] };
      return;
    }
    case 'filter':
      request.filter = parseFilter(arg);
      return;
    case 'done':
      request.done = true;
      return;
    default:
      if (space < 0 && flags.has(word)) {
        request.options.add(word);
        return;
      }
      throw new GitProtocolError(`unexpected line: ${shorten(line)}`);
  }
}

/** `blob:none` or `blob:limit=<n>[kmg]`, the filters partial clones use. */
export function parseFilter(spec: string): ObjectFilter {
  if (spec === 'blob:none') return { kind: 'blob:none' };
  const limit = /^blob:limit=([0-9]{1,15})([kmg]?)$/i.exec(spec);
  if (limit?.[1] !== undefined) {
    const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(limit[2] ?? '').toLowerCase() as '' | 'k' | 'm' | 'g'];
    return { kind: 'blob:limit', limit: Number(limit[1]) * unit };
  }
  throw new GitProtocolError(`unsupported filter "${shorten(spec)}": this server offers blob:none and blob:limit=<n>`);
}

function shorten(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 80 ? `${clean.slice(0, 80)}...` : clean;
}

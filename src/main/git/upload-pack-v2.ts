import { isOid } from '../../shared/git-objects.js';
import { applyFetchLine, emptyFetchRequest } from './fetch-request.js';
import type { GitServiceContext } from './git-routes.js';
import { checkWants, commonHaves, planPack, type RepoView } from './pack-plan.js';
import { sidebandPack } from './pack-stream.js';
import { DELIM_PKT, FLUSH_PKT, GitProtocolError, packetText, pktLine, readPackets } from './pkt-line.js';
import { readRequestBody } from './request-body.js';
import { HEAD_TARGET, repoView } from './repo-refs.js';
import type { UploadPackOptions } from './upload-pack.js';

const MAX_V2_BODY = 32 * 1024 * 1024;

/** Arguments of `fetch` that are flags (no value); the rest are `want`, `have`, `shallow`, `deepen*`, `filter`, `done`. */
const FETCH_FLAGS = new Set(['thin-pack', 'no-progress', 'include-tag', 'ofs-delta', 'wait-for-done', 'deepen-relative']);

/** A v2 request: `command=<name>`, capability lines, a delimiter, then the command's arguments. */
interface V2Command {
  readonly name: string;
  readonly args: string[];
}

/** Protocol v2 (gitprotocol-v2): a capability advertisement, then `ls-refs` and `fetch` commands. */
export const uploadPackV2 = {
  *advertise(agent: string): Generator<Buffer> {
    yield pktLine('version 2\n');
    yield pktLine(`agent=${agent}\n`);
    yield pktLine('ls-refs=unborn\n');
    yield pktLine('fetch=shallow filter\n');
    yield pktLine('server-option\n');
    yield pktLine('object-info\n');
    yield pktLine('object-format=sha1\n');
    yield FLUSH_PKT;
  },

  async serve(options: UploadPackOptions, context: GitServiceContext): Promise<AsyncIterable<Buffer> | Iterable<Buffer>> {
    const command = parseCommand(await readRequestBody(context.request, MAX_V2_BODY));
    if (command === undefined) return [];
    const view = repoView(options.store, context.repo);
    if (command.name === 'ls-refs') return lsRefs(view, command.args);
    if (command.name === 'fetch') return fetch(view, command.args, context);
    if (command.name === 'object-info') return objectInfo(view, command.args);
    throw new GitProtocolError(`unknown command "${command.name.slice(0, 64)}"`);
  },
};

function parseCommand(body: Buffer): V2Command | undefined {
  let name: string | undefined;
  let inArgs = false;
  const args: string[] = [];
  for (const packet of readPackets(body)) {
    if (packet.kind === 'flush') {
      if (name === undefined) return undefined;
      return { name, args };
    }
    if (packet.kind === 'delim') {
      if (name === undefined || inArgs) throw new GitProtocolError('unexpected delimiter packet');
      inArgs = true;
      continue;
    }
    if (packet.kind !== 'data') throw new GitProtocolError('unexpected response-end packet');
    const line = packetText(packet.payload);
    if (name === undefined) {
      if (!line.startsWith('command=')) throw new GitProtocolError('expected command=<name> first');
      name = line.slice('command='.length);
    } else if (inArgs) args.push(line);
    // Capability lines (agent=, object-format=, server-option=) need no answer.
    else if (line.startsWith('object-format=') && line !== 'object-format=sha1') throw new GitProtocolError('this server speaks object-format=sha1 only');
  }
  if (name === undefined && body.length === 0) return undefined;
  throw new GitProtocolError('the request ends without a flush packet');
}

function* lsRefs(view: RepoView & { readonly head: string | undefined }, args: readonly string[]): Generator<Buffer> {
  const prefixes: string[] = [];
  let symrefs = false;
  let unborn = false;
  let peel = false;
  for (const arg of args) {
    if (arg === 'symrefs') symrefs = true;
    else if (arg === 'peel') peel = true;
    else if (arg === 'unborn') unborn = true;
    else if (arg.startsWith('ref-prefix ')) prefixes.push(arg.slice('ref-prefix '.length));
    else throw new GitProtocolError(`unexpected ls-refs argument: ${arg.slice(0, 80)}`);
  }
  const wanted = (name: string): boolean => prefixes.length === 0 || prefixes.some((prefix) => name.startsWith(prefix));
  if (wanted('HEAD')) {
    const target = symrefs ? ` symref-target:${HEAD_TARGET}` : '';
    if (view.head !== undefined) yield pktLine(`${view.head} HEAD${target}\n`);
    else if (unborn) yield pktLine(`unborn HEAD${target}\n`);
  }
  for (const ref of view.refs) {
    if (!wanted(ref.name)) continue;
    const tag = view.tags.get(ref.name);
    if (tag === undefined) yield pktLine(`${ref.commit} ${ref.name}\n`);
    else yield pktLine(peel ? `${tag} ${ref.name} peeled:${ref.commit}\n` : `${tag} ${ref.name}\n`);
  }
  yield FLUSH_PKT;
}

/**
 * `fetch`: without `done`, an acknowledgments section (ACKs of common haves, or NAK; `ready` once
 * one is common, then the pack follows at once); with `done` or `ready`, the shallow-info
 * section for a deepening fetch and the packfile, always side-banded in v2.
 */
function fetch(view: RepoView, args: readonly string[], context: GitServiceContext): AsyncIterable<Buffer> | Iterable<Buffer> {
  const request = emptyFetchRequest();
  for (const arg of args) applyFetchLine(request, arg, FETCH_FLAGS);
  if (request.wants.length === 0) throw new GitProtocolError('fetch: no want lines');
  const common = commonHaves(view, request.haves);
  const head: Buffer[] = [];
  if (!request.done) {
    head.push(pktLine('acknowledgments\n'));
    if (common.length === 0) head.push(pktLine('NAK\n'));
    for (const oid of common) head.push(pktLine(`ACK ${oid}\n`));
    if (common.length === 0 || request.options.has('wait-for-done')) {
      head.push(FLUSH_PKT);
      return head;
    }
    head.push(pktLine('ready\n'), DELIM_PKT);
  }
  const plan = planPack(view, request, common);
  if (request.deepen !== undefined || request.shallows.size > 0) {
    head.push(pktLine('shallow-info\n'));
    for (const oid of plan.shallow.shallow) head.push(pktLine(`shallow ${oid}\n`));
    for (const oid of plan.shallow.unshallow) head.push(pktLine(`unshallow ${oid}\n`));
    head.push(DELIM_PKT);
  }
  head.push(pktLine('packfile\n'));
  return withHead(head, sidebandPack(view.source, plan.objects, { progress: !request.options.has('no-progress'), log: context.request.log }));
}

/**
 * `object-info`: the size of each object named, for objects this repo reaches (the store is
 * shared by every repo, so anything else is `not our ref`, as for a want).
 */
function objectInfo(view: RepoView, args: readonly string[]): Buffer[] {
  const oids: string[] = [];
  let size = false;
  for (const arg of args) {
    if (arg === 'size') size = true;
    else if (arg.startsWith('oid ') && isOid(arg.slice(4))) oids.push(arg.slice(4));
    else throw new GitProtocolError(`unexpected object-info argument: ${arg.slice(0, 80)}`);
  }
  checkWants(view, oids);
  const out = [pktLine(size ? 'size\n' : '\n')];
  for (const oid of oids) out.push(pktLine(size ? `${oid} ${objectSize(view, oid)}\n` : `${oid}\n`));
  out.push(FLUSH_PKT);
  return out;
}

function objectSize(view: RepoView, oid: string): number {
  const commit = view.source.commitBody(oid) ?? view.source.tagBody(oid);
  if (commit) return commit.length;
  return view.source.blobSize(oid) ?? view.source.treeBody(oid).length;
}

async function* withHead(head: readonly Buffer[], rest: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield* head;
  yield* rest;
}


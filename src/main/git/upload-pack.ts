import type { Store } from '../store/index.js';
import { applyFetchLine, emptyFetchRequest, type FetchRequest } from './fetch-request.js';
import type { GitService, GitServiceContext } from './git-routes.js';
import { shallowBoundary } from './object-walk.js';
import { commonHaves, checkWants, planPack, resolveDeepen, type RepoView } from './pack-plan.js';
import { sidebandPack } from './pack-stream.js';
import { writePack } from './pack-writer.js';
import { FLUSH_PKT, GitProtocolError, packetText, pktLine, readPackets } from './pkt-line.js';
import { readRequestBody } from './request-body.js';
import { HEAD_TARGET, repoView } from './repo-refs.js';
import { uploadPackV2 } from './upload-pack-v2.js';

/** Wants, shallows and haves of one negotiation round: 100k refs' wants fit well within. */
export const MAX_NEGOTIATION_BODY = 32 * 1024 * 1024;
const ZERO_OID = '0'.repeat(40);

export interface UploadPackOptions {
  readonly store: Store;
  /** `agent=` value, `hubkeeper/<version>`. */
  readonly agent: string;
}

/** Capabilities of the v0/v1 advertisement: what this server honours when a client asks for it. */
function v0Capabilities(agent: string): string {
  return [
    'multi_ack_detailed',
    'side-band-64k',
    'shallow',
    'deepen-since',
    'deepen-not',
    'deepen-relative',
    'no-progress',
    'include-tag',
    'filter',
    'allow-tip-sha1-in-want',
    'allow-reachable-sha1-in-want',
    `symref=HEAD:${HEAD_TARGET}`,
    'object-format=sha1',
    `agent=${agent}`,
  ].join(' ');
}

/** Flags a v0 client may put after its first want; anything else advertised is honoured or harmless. */
const V0_FLAGS = new Set<string>();

/** `git-upload-pack` (clone, fetch, pull, ls-remote) in protocol v0/v1 and v2. */
export function uploadPackService(options: UploadPackOptions): GitService {
  return {
    name: 'git-upload-pack',
    access: 'read',
    advertise: (context) => (context.protocol === 2 ? uploadPackV2.advertise(options.agent) : advertiseV0(options, context)),
    serve: (context) => (context.protocol === 2 ? uploadPackV2.serve(options, context) : serveV0(options, context)),
  };
}

function* advertiseV0(options: UploadPackOptions, context: GitServiceContext): Generator<Buffer> {
  yield pktLine('# service=git-upload-pack\n');
  yield FLUSH_PKT;
  const view = repoView(options.store, context.repo);
  let capabilities: string | undefined = v0Capabilities(options.agent);
  const line = (oid: string, name: string): Buffer => {
    const text = capabilities === undefined ? `${oid} ${name}\n` : `${oid} ${name}\0${capabilities}\n`;
    capabilities = undefined;
    return pktLine(text);
  };
  if (view.head !== undefined) yield line(view.head, 'HEAD');
  for (const ref of view.refs) {
    const tag = view.tags.get(ref.name);
    if (tag === undefined) yield line(ref.commit, ref.name);
    else yield* [line(tag, ref.name), line(ref.commit, `${ref.name}^{}`)];
  }
  if (capabilities !== undefined) yield line(ZERO_OID, 'capabilities^{}');
  yield FLUSH_PKT;
}

/**
 * One stateless POST: the want block up to the first flush, then haves ending in a flush (a
 * negotiation round: ACK/NAK only) or `done` (ACK/NAK then the pack). A body ending at the first
 * flush asks only for the shallow list of a deepening fetch.
 */
async function serveV0(options: UploadPackOptions, context: GitServiceContext): Promise<AsyncIterable<Buffer> | Iterable<Buffer>> {
  const body = await readRequestBody(context.request, MAX_NEGOTIATION_BODY);
  const request = emptyFetchRequest();
  let section: 'wants' | 'haves' = 'wants';
  let sawHavesSection = false;
  for (const packet of readPackets(body)) {
    if (packet.kind !== 'data') {
      if (packet.kind !== 'flush') throw new GitProtocolError('unexpected delimiter packet in a v0 request');
      if (section === 'wants') section = 'haves';
      continue;
    }
    const line = packetText(packet.payload);
    if (section === 'wants') {
      if (line.startsWith('have ') || line === 'done') throw new GitProtocolError('expected a flush after the wants');
      applyFetchLine(request, line, V0_FLAGS);
    } else {
      if (!line.startsWith('have ') && line !== 'done') throw new GitProtocolError(`unexpected line after the wants: ${line.slice(0, 80)}`);
      sawHavesSection = true;
      applyFetchLine(request, line, V0_FLAGS);
    }
  }
  if (section === 'wants' && body.length > 0) throw new GitProtocolError('the request ends before the flush after its wants');
  // A body of only `0000` (git's probe) asks for nothing.
  if (request.wants.length === 0) return [];
  const view = repoView(options.store, context.repo);
  const out: Buffer[] = [];
  if (request.deepen !== undefined) out.push(...shallowSection(view, request));
  const common = commonHaves(view, request.haves);
  if (!request.done) {
    if (!sawHavesSection) return out;
    for (const oid of common) out.push(pktLine(`ACK ${oid} common\n`));
    out.push(pktLine('NAK\n'));
    return out;
  }
  const plan = planPack(view, request, common);
  const last = common[common.length - 1];
  out.push(pktLine(last === undefined ? 'NAK\n' : `ACK ${last}\n`));
  return concatStreams(out, packStream(view, request, plan.objects, context));
}

/** `shallow`/`unshallow` lines then a flush: what a deepening client must graft or ungraft. */
export function shallowSection(view: RepoView, request: FetchRequest): Buffer[] {
  const deepen = resolveDeepen(view, request);
  const wants = checkWants(view, request.wants);
  const { update } = shallowBoundary(view.source, { wants, commonHaves: [], clientShallows: request.shallows, ...(deepen ? { deepen } : {}) });
  return [...update.shallow.map((oid) => pktLine(`shallow ${oid}\n`)), ...update.unshallow.map((oid) => pktLine(`unshallow ${oid}\n`)), FLUSH_PKT];
}

function packStream(view: RepoView, request: FetchRequest, objects: Parameters<typeof writePack>[1], context: GitServiceContext): AsyncIterable<Buffer> {
  if (request.options.has('side-band-64k')) {
    return sidebandPack(view.source, objects, { progress: !request.options.has('no-progress'), log: context.request.log });
  }
  return writePack(view.source, objects);
}

async function* concatStreams(head: readonly Buffer[], rest: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield* head;
  yield* rest;
}

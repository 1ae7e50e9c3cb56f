/**
 * git Smart HTTP, served from the store's own git objects (no git binary at run time).
 *
 * Exports, for core (mounting) and for further services (receive-pack plugs in here):
 * - `gitRoutes(deps)`: the plugin core mounts: upload-pack (clone, fetch) and receive-pack (push) on
 *   every repo URL form.
 * - `gitServiceRoutes(deps, services)` / `GitService`: mounts `GET {repo}[.git]/info/refs?service=`
 *   and `POST {repo}[.git]/<service>` for models, `/datasets/` and `/spaces/`; access is checked
 *   first (`gitRepoFor`), errors are framed as git shows them (ERR packets, 401 + Basic challenge).
 * - `gitRepoFor`, `GitAuthRequired`, `GIT_AUTH_CHALLENGE`: a git request's repo for its caller
 *   (Basic auth is resolved into `request.principal` by http/ for every request).
 * - pkt-line framing (`pktLine`, `sidebandPkt`, `errPkt`, `readPackets`, `packetText`, `FLUSH_PKT`,
 *   `DELIM_PKT`, `GitProtocolError`, `PacketStream` for streamed bodies) and request bodies (`readRequestBody`, `requestBodyStream`: gunzipped).
 */
import type { FastifyPluginCallback } from 'fastify';
import type { GitAccessDeps } from './git-access.js';
import { gitServiceRoutes } from './git-routes.js';
import { receivePackService } from './receive-pack.js';
import { uploadPackService } from './upload-pack.js';

export interface GitDeps extends GitAccessDeps {
  /** The `agent=` git shows in traces: `hubkeeper/<version>`. */
  readonly agent: string;
}

/** Every git Smart HTTP route this hub serves, as one plugin for the HTTP server. */
export function gitRoutes(deps: GitDeps): FastifyPluginCallback {
  return gitServiceRoutes(deps, [
    uploadPackService({ store: deps.store, agent: deps.agent }),
    receivePackService({ store: deps.store, agent: deps.agent }),
  ]);
}

export { GIT_AUTH_CHALLENGE, GitAuthRequired, gitRepoFor, type GitAccess, type GitAccessDeps } from './git-access.js';
export { GIT_URL_PREFIXES, gitServiceRoutes, protocolVersion, type GitService, type GitServiceContext, type GitServiceName } from './git-routes.js';
export { DELIM_PKT, FLUSH_PKT, GitProtocolError, PacketStream, MAX_PKT_LENGTH, MAX_SIDEBAND_DATA, errPkt, packetText, pktLine, readPackets, sidebandPkt, type Packet } from './pkt-line.js';
export { readRequestBody, requestBodyStream } from './request-body.js';
export { entryHeader } from './pack-writer.js';

import type { FastifyRequest } from 'fastify';
import { repoUrlPrefix } from '../../shared/repo-id.js';
import { baseUrl } from '../http/index.js';
import type { RepoRecord } from '../store/index.js';

/** `<base>/<prefix><ns>/<name>`: the web URL of a repo, as HF returns it. */
export function repoWebUrl(request: FastifyRequest, repo: Pick<RepoRecord, 'type' | 'fullName'>): string {
  return `${baseUrl(request)}/${repoUrlPrefix(repo.type)}${repo.fullName}`;
}

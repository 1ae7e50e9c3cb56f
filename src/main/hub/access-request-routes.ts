import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import type { Accounts, User } from '../accounts/index.js';
import { isoDate, requirePrincipal } from '../http/index.js';
import { ACCESS_REQUEST_STATUSES, type AccessRequest, type RepoRecord } from '../store/index.js';
import { acceptFormBodies } from './form-body.js';
import type { HubDeps } from './hub-deps.js';
import { loadRepo } from './repo-access.js';
import { repoTypeFromPlural } from './repo-type-plural.js';
import { avatarUrl } from './whoami.js';
import { WEB_PREFIXES } from './write-params.js';

const MAX_FORM_FIELDS = 50;
const MAX_FIELD_NAME = 100;
const MAX_FIELD_VALUE = 2000;
const MAX_REJECTION_REASON = 2000;

const apiParams = z.object({ rts: z.string(), ns: z.string(), name: z.string() });
const userName = z.string().min(1).max(100);
const handleBody = z.object({
  user: userName,
  status: z.enum(ACCESS_REQUEST_STATUSES),
  rejectionReason: z.string().max(MAX_REJECTION_REASON).nullish(),
});
const grantBody = z.object({ user: userName });
const formBody = z
  .record(
    z.string().max(MAX_FIELD_NAME),
    z.union([z.string().max(MAX_FIELD_VALUE), z.number(), z.boolean(), z.array(z.string().max(MAX_FIELD_VALUE)).max(MAX_FORM_FIELDS)]),
  )
  .refine((fields) => Object.keys(fields).length <= MAX_FORM_FIELDS, `at most ${MAX_FORM_FIELDS} fields`);

/** One access request as `GET …/user-access-request/{status}` lists it on huggingface.co. */
export interface AccessRequestJson {
  readonly user: {
    readonly user: string;
    readonly fullname: string;
    /** Null when access was granted without a request, as HF does. */
    readonly email: string | null;
    readonly avatarUrl: string;
    readonly type: 'user';
    readonly isPro: false;
  };
  readonly status: AccessRequest['status'];
  readonly timestamp: string;
  readonly fields?: Readonly<Record<string, string>>;
  readonly rejectionReason?: string;
}

/**
 * Access requests to gated repos. A signed-in user asks with `POST /{repo}/ask-access` (HF's gate
 * form; a form or JSON body becomes the request's fields); an `auto` gate accepts at once, a
 * `manual` one leaves it pending. The repo's writers list requests by status and accept, reject
 * (with a reason), cancel (back to pending) or grant access to any user (`/api/…/user-access-request/…`).
 */
export function registerAccessRequestRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store, accounts } = deps;
  const base = '/api/:rts/:ns/:name/user-access-request';

  app.get(`${base}/:status`, (request) => {
    const repo = loadManagedRepo(deps, request);
    const status = z.enum(ACCESS_REQUEST_STATUSES).safeParse((request.params as { status: string }).status);
    if (!status.success) throw new AppError('NotFound', 'Unknown access request list; use pending, accepted or rejected');
    return store.accessRequests.list(repo.id, status.data).map((item) => accessRequestJson(accounts, item));
  });

  app.post(`${base}/handle`, (request) => {
    const repo = loadManagedRepo(deps, request);
    const body = handleBody.parse(request.body ?? {});
    if (body.rejectionReason && body.status !== 'rejected') {
      throw new AppError('BadRequest', 'A rejection reason goes with status "rejected" only');
    }
    const user = existingUser(accounts, body.user);
    const handled = store.accessRequests.handle(repo, user.name, body.status, body.rejectionReason ?? undefined);
    return accessRequestJson(accounts, handled);
  });

  app.post(`${base}/grant`, (request) => {
    const repo = loadManagedRepo(deps, request);
    const user = existingUser(accounts, grantBody.parse(request.body ?? {}).user);
    if (isNamespaceMember(accounts, user.name, repo.namespace)) {
      throw new AppError('BadRequest', `${user.name} already has access to ${repo.fullName}`);
    }
    return accessRequestJson(accounts, store.accessRequests.grant(repo, user.name));
  });

  // The gate form posts urlencoded fields; its own scope so the parser applies here only.
  void app.register((scope, _options, done) => {
    acceptFormBodies(scope);
    for (const [prefix, type] of WEB_PREFIXES) {
      scope.post<{ Params: { ns: string; name: string } }>(`/${prefix}:ns/:name/ask-access`, (request) => {
        const repo = loadRepo(deps, request, type, request.params.ns, request.params.name, 'read');
        const principal = requirePrincipal(request);
        if (repo.gated === false) throw new AppError('BadRequest', `${repo.fullName} is not a gated repo`);
        if (isNamespaceMember(accounts, principal.user.name, repo.namespace)) return { status: 'accepted' };
        const fields = formFields(request.body);
        const asked = store.accessRequests.ask(repo, principal.user.name, fields);
        return { status: asked.status };
      });
    }
    done();
  });
}

/** The repo of an access-request route: its writers only (401 anonymous, 403 others, 404 unseen private repos). */
function loadManagedRepo(deps: HubDeps, request: FastifyRequest): RepoRecord {
  const { rts, ns, name } = apiParams.parse(request.params);
  return loadRepo(deps, request, repoTypeFromPlural(rts), ns, name, 'write');
}

function existingUser(accounts: Accounts, name: string): User {
  const user = accounts.getUser(name);
  if (!user) throw new AppError('NotFound', `User ${name} not found`);
  return user;
}

/** Whether a user belongs to a namespace: it is theirs, or an organisation they are a member of. */
function isNamespaceMember(accounts: Accounts, user: string, namespace: string): boolean {
  const wanted = namespace.toLowerCase();
  return user.toLowerCase() === wanted || accounts.membershipsOf(user).some((m) => m.org.name.toLowerCase() === wanted);
}

function formFields(body: unknown): Record<string, string> {
  if (body === undefined || body === null || body === '') return {};
  const parsed = formBody.parse(body);
  return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, Array.isArray(value) ? value.join(', ') : String(value)]));
}

function accessRequestJson(accounts: Accounts, item: AccessRequest): AccessRequestJson {
  const user = accounts.getUser(item.userName);
  return {
    user: {
      user: user?.name ?? item.userName,
      fullname: user?.fullname || item.userName,
      email: item.granted ? null : (user?.email ?? null),
      avatarUrl: avatarUrl(item.userName),
      type: 'user',
      isPro: false,
    },
    status: item.status,
    timestamp: isoDate(item.createdAt),
    ...(item.fields ? { fields: item.fields } : {}),
    ...(item.rejectionReason !== undefined ? { rejectionReason: item.rejectionReason } : {}),
  };
}

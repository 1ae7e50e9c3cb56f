import { AppError } from '../../shared/errors.js';
import type { RemoteHub } from '../../shared/app-api.js';
import { fetchWhoami, normalizeEndpoint, type HubRegistry, type TokenLookup } from '../credentials/index.js';
import type { UpstreamClient } from '../upstream/index.js';

/** A hub to pull from: its address and the token to send there (never stored in job params). */
export interface RemoteTarget {
  readonly endpoint: string;
  readonly token: string | undefined;
}

/** A saved remote by its name (or id, such as "hf"), case-insensitively; undefined when none is called so. */
export function findRemote(hubs: HubRegistry, name: string): RemoteHub | undefined {
  const wanted = name.trim().toLowerCase();
  return hubs.list().find((hub) => hub.name.toLowerCase() === wanted || hub.id === name.trim());
}

/** `--from`: a saved remote's name, else a hub URL. */
export function remoteEndpoint(hubs: HubRegistry, from: string): string {
  const saved = findRemote(hubs, from);
  if (saved) return saved.endpoint;
  if (!/^https?:\/\//i.test(from.trim())) throw new AppError('NotFound', `No remote called "${from}"; add it with: hubkeeper remote add ${from} URL`);
  return normalizeEndpoint(from);
}

/** The token for a pull: the one given, else the one saved for that hub (or HF's own for HF_ENDPOINT). */
export function remoteTarget(hubs: HubRegistry, tokens: TokenLookup, from: string, token: string | undefined): RemoteTarget {
  const endpoint = remoteEndpoint(hubs, from);
  return { endpoint, token: token ?? tokens(endpoint) };
}

export interface RemoteTestReport {
  readonly name: string;
  readonly endpoint: string;
  readonly reachable: boolean;
  readonly hasToken: boolean;
  /** Who the token belongs to, per the hub's whoami-v2. */
  readonly user?: string;
  readonly tokenName?: string;
  readonly role?: string;
  /** Fine-grained scopes, when the hub reports them. */
  readonly scopes?: readonly string[];
  readonly error?: string;
}

/** Checks a saved remote: answers at all, and (with a token) who the token belongs to and what it may do. */
export async function testRemote(client: UpstreamClient, hubs: HubRegistry, tokens: TokenLookup, name: string, signal?: AbortSignal): Promise<RemoteTestReport> {
  const hub = findRemote(hubs, name);
  if (!hub) throw new AppError('NotFound', `No remote called "${name}"`);
  const base = { name: hub.name, endpoint: hub.endpoint, hasToken: hub.hasToken };
  const token = tokens(hub.endpoint);
  try {
    if (token === undefined) {
      const response = await client.request(`${hub.endpoint}/api/models?limit=1`, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
      await response.text();
      return { ...base, reachable: true };
    }
    const who = await fetchWhoami(client, hub.endpoint, token, signal);
    const access = who.auth?.accessToken;
    const scopes = scopesOf(access);
    return {
      ...base,
      reachable: true,
      user: who.name,
      ...(access?.displayName === undefined ? {} : { tokenName: access.displayName }),
      ...(access?.role === undefined ? {} : { role: access.role }),
      ...(scopes === undefined ? {} : { scopes }),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const answered = error instanceof AppError && error.status !== undefined && error.status < 500 && error.code !== 'UpstreamUnavailable';
    return { ...base, reachable: answered, error: message };
  }
}

/** huggingface.co's fine-grained tokens list `fineGrained.scoped[].permissions` and `fineGrained.global`. */
function scopesOf(access: Record<string, unknown> | undefined): string[] | undefined {
  const fine = access?.fineGrained;
  if (typeof fine !== 'object' || fine === null) return undefined;
  const scopes = new Set<string>();
  const global = (fine as { global?: unknown }).global;
  if (Array.isArray(global)) for (const scope of global) if (typeof scope === 'string') scopes.add(scope);
  const scoped = (fine as { scoped?: unknown }).scoped;
  if (Array.isArray(scoped)) {
    for (const entry of scoped) {
      const permissions = (entry as { permissions?: unknown }).permissions;
      if (Array.isArray(permissions)) for (const scope of permissions) if (typeof scope === 'string') scopes.add(scope);
    }
  }
  return [...scopes].sort();
}

import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { HubInput, RemoteHub, SavedHub } from '../../shared/app-api.js';
import { trimEndpoint } from '../../shared/endpoint.js';
import { AppError } from '../../shared/errors.js';

/**
 * A remote hub the user can browse and download from. Its token never leaves the core, and is
 * bound to the endpoint's origin: moving the hub to another origin drops it.
 */
export interface StoredHub {
  readonly id: string;
  readonly name: string;
  readonly endpoint: string;
  readonly token: string | undefined;
}

const FILE = 'remote-hubs.json';
const fileSchema = z.object({
  hubs: z.array(z.object({ id: z.string().min(1), name: z.string().min(1), endpoint: z.url(), token: z.string().optional() })),
});

/**
 * The remote hubs the user configured, in `remote-hubs.json` in the data folder (owner-only,
 * like huggingface_hub's token file). Built-in hubs (Hugging Face) come first and cannot be removed,
 * but can be given a token.
 */
export class HubRegistry {
  private readonly path: string;

  constructor(
    dataDir: string,
    private readonly builtIn: readonly StoredHub[],
  ) {
    this.path = join(dataDir, FILE);
  }

  list(): RemoteHub[] {
    return this.all().map(toPublic);
  }

  get(id: string): StoredHub {
    const hub = this.all().find((candidate) => candidate.id === id);
    if (!hub) throw new AppError('NotFound', `No hub "${id}" is configured`);
    return hub;
  }

  /** The token saved for a hub at this endpoint, if any (looked up when a download job runs). */
  tokenFor(endpoint: string): string | undefined {
    const wanted = normalizeEndpoint(endpoint);
    return this.all().find((hub) => hub.endpoint === wanted)?.token;
  }

  add(input: HubInput): RemoteHub {
    const hub: StoredHub = {
      id: randomBytes(4).toString('hex'),
      name: cleanName(input.name),
      endpoint: normalizeEndpoint(input.endpoint),
      token: cleanToken(input.token),
    };
    this.write([...this.stored(), hub]);
    return toPublic(hub);
  }

  /**
   * Changes a hub. A token given here is saved for the new endpoint; without one, the saved token
   * stays only while the origin (scheme, host, port) does: it was given for that server alone.
   */
  update(id: string, input: HubInput): SavedHub {
    const current = this.get(id);
    const isBuiltIn = this.builtIn.some((hub) => hub.id === id);
    const endpoint = isBuiltIn ? current.endpoint : normalizeEndpoint(input.endpoint);
    const tokenDropped = input.token === undefined && current.token !== undefined && originOf(endpoint) !== originOf(current.endpoint);
    const next: StoredHub = {
      id,
      name: isBuiltIn ? current.name : cleanName(input.name),
      endpoint,
      token: input.token !== undefined ? cleanToken(input.token) : tokenDropped ? undefined : current.token,
    };
    this.write([...this.stored().filter((hub) => hub.id !== id), next]);
    return { ...toPublic(next), tokenDropped };
  }

  remove(id: string): void {
    if (this.builtIn.some((hub) => hub.id === id)) throw new AppError('BadRequest', 'Built-in hubs cannot be removed');
    this.get(id);
    this.write(this.stored().filter((hub) => hub.id !== id));
  }

  private all(): StoredHub[] {
    const stored = this.stored();
    const builtIn = this.builtIn.map((hub) => {
      const override = stored.find((candidate) => candidate.id === hub.id);
      return override ? { ...hub, token: override.token } : hub;
    });
    return [...builtIn, ...stored.filter((hub) => !this.builtIn.some((builtInHub) => builtInHub.id === hub.id))];
  }

  private stored(): StoredHub[] {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new AppError('Internal', `${this.path} is damaged; fix or delete it`);
    return parsed.data.hubs.map((hub) => ({ ...hub, token: hub.token }));
  }

  private write(hubs: readonly StoredHub[]): void {
    const temp = `${this.path}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temp, `${JSON.stringify({ hubs }, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, this.path);
  }
}

function originOf(endpoint: string): string {
  return new URL(endpoint).origin;
}

function toPublic(hub: StoredHub): RemoteHub {
  return { id: hub.id, name: hub.name, endpoint: hub.endpoint, hasToken: hub.token !== undefined };
}

function cleanName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 80) throw new AppError('BadRequest', 'A hub name must be 1-80 characters');
  return trimmed;
}

function cleanToken(token: string | undefined): string | undefined {
  const trimmed = token?.trim() ?? '';
  if (trimmed === '') return undefined;
  if (!/^[\x21-\x7e]{8,500}$/.test(trimmed)) throw new AppError('BadRequest', 'A token is 8-500 visible characters without spaces');
  return trimmed;
}

/** Why `text` is not a usable hub address (http or https, no credentials, query or fragment), or undefined. */
function endpointProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return `"${text}" is not a URL; use something like https://huggingface.co`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'A hub address must start with http:// or https://';
  if (url.username !== '' || url.password !== '') return 'Put the token in the token field, not in the address';
  if (url.search !== '' || url.hash !== '') return 'A hub address has no query or fragment';
  return undefined;
}

/** A checked hub address in its one form (`https://host[:port][/path]`, no trailing slash), or BadRequest. */
export function normalizeEndpoint(text: string): string {
  const problem = endpointProblem(text);
  if (problem !== undefined) throw new AppError('BadRequest', problem);
  const url = new URL(text.trim());
  return trimEndpoint(`${url.origin}${url.pathname}`);
}

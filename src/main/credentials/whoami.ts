import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import type { UpstreamClient } from '../upstream/index.js';

const whoamiSchema = z.looseObject({
  type: z.string().optional(),
  name: z.string(),
  fullname: z.string().optional(),
  orgs: z.array(z.looseObject({ name: z.string() })).optional(),
  auth: z
    .looseObject({
      accessToken: z.looseObject({ displayName: z.string().optional(), role: z.string().optional() }).optional(),
    })
    .optional(),
});

export type WhoamiInfo = z.infer<typeof whoamiSchema>;

/** `GET {endpoint}/api/whoami-v2` with the token: who it belongs to, its name and role. */
export async function fetchWhoami(client: UpstreamClient, endpoint: string, token: string, signal?: AbortSignal): Promise<WhoamiInfo> {
  const url = `${endpoint}/api/whoami-v2`;
  const response = await client.request(url, { token, headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new AppError('UpstreamUnavailable', `${url} did not answer with JSON`);
  }
  const parsed = whoamiSchema.safeParse(body);
  if (!parsed.success) throw new AppError('UpstreamUnavailable', `${url} answered an unexpected shape`);
  return parsed.data;
}

import type { FastifyInstance } from 'fastify';
import type { Accounts, Principal } from '../accounts/index.js';
import { requirePrincipal } from '../http/index.js';

export interface WhoamiOrg {
  readonly type: 'org';
  readonly id: string;
  readonly name: string;
  readonly fullname: string;
  readonly email: null;
  readonly canPay: false;
  readonly avatarUrl: string;
  readonly periodEnd: null;
  readonly roleInOrg: string;
}

/** `GET /api/whoami-v2`, shaped as huggingface.co answers it (HF wire protocol §1.1). */
export interface WhoamiResponse {
  readonly type: 'user';
  readonly id: string;
  readonly name: string;
  readonly fullname: string;
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly isPro: false;
  readonly canPay: false;
  readonly avatarUrl: string;
  readonly periodEnd: null;
  readonly billingMode: 'prepaid';
  readonly orgs: readonly WhoamiOrg[];
  readonly auth: {
    readonly type: 'access_token';
    readonly accessToken: { readonly displayName: string; readonly role: string; readonly createdAt: string };
  };
}

export function whoami(accounts: Accounts, principal: Principal): WhoamiResponse {
  const { user, token } = principal;
  return {
    type: 'user',
    id: String(user.id),
    name: user.name,
    fullname: user.fullname,
    email: user.email,
    emailVerified: user.email !== null,
    isPro: false,
    canPay: false,
    avatarUrl: avatarUrl(user.name),
    periodEnd: null,
    billingMode: 'prepaid',
    orgs: accounts.membershipsOf(user.name).map(({ org, role }) => ({
      type: 'org',
      id: String(org.id),
      name: org.name,
      fullname: org.fullname,
      email: null,
      canPay: false,
      avatarUrl: avatarUrl(org.name),
      periodEnd: null,
      roleInOrg: role,
    })),
    auth: {
      type: 'access_token',
      accessToken: { displayName: token.displayName, role: token.role, createdAt: token.createdAt.toISOString() },
    },
  };
}

export function registerWhoamiRoutes(app: FastifyInstance, accounts: Accounts): void {
  app.get('/api/whoami-v2', (request) => whoami(accounts, requirePrincipal(request)));
}

/** A self-contained picture (the name's initial), so no avatar route or network is needed. */
export function avatarUrl(name: string): string {
  const initial = (name[0] ?? '?').toUpperCase();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#6b7280"/><text x="32" y="42" font-size="32" font-family="sans-serif" text-anchor="middle" fill="#fff">${initial}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

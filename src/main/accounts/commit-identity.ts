import type { User } from './types.js';

/** Who a user's commits are by (API commits, merges, squashes): their name, and their e-mail or a no-reply one. */
export function commitIdentity(user: Pick<User, 'name' | 'email'>): { readonly name: string; readonly email: string } {
  return { name: user.name, email: user.email ?? `${user.name}@users.noreply.hubkeeper.local` };
}

import type { SessionInfo } from '../../shared/app-api.js';
import type { Accounts } from '../accounts/index.js';
import type { RepoRecord } from '../store/index.js';

/**
 * Whether a UI session may see a local hub repo: the machine owner sees everything; another
 * session sees public repos and those of its user and orgs, as the HF API would show them.
 */
export function sessionCanSee(accounts: Accounts, session: SessionInfo, repo: RepoRecord): boolean {
  if (session.role === 'owner' || !repo.private) return true;
  if (repo.namespace === session.user) return true;
  try {
    return accounts.membershipsOf(session.user).some((membership) => membership.org.name === repo.namespace);
  } catch {
    return false;
  }
}

/** Whether a UI session may change a local hub repo (delete its branches and tags). */
export function sessionCanWrite(accounts: Accounts, session: SessionInfo, repo: RepoRecord): boolean {
  if (!session.canWrite) return false;
  if (session.role === 'owner' || repo.namespace === session.user) return true;
  try {
    return accounts
      .membershipsOf(session.user)
      .some((membership) => membership.org.name === repo.namespace && membership.role !== 'read');
  } catch {
    return false;
  }
}

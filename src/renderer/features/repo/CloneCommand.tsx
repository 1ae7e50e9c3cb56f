import type { ReactNode } from 'react';
import type { RepoOverview } from '../../../shared/app-api.js';
import { CopyButton } from '../../components/CopyButton.js';
import { cloneUrl, cloneUrlWithToken } from './clone-url.js';

/** `git clone` for a hub repo, on the origin that served the UI (the hub itself). */
export function CloneCommand({ overview }: { readonly overview: RepoOverview }): ReactNode {
  const origin = window.location.origin;
  const command = `git clone ${cloneUrl(origin, overview.type, overview.id)}`;
  return (
    <div className="clone-command">
      <span className="clone-command-label">Clone with git</span>
      <code>{command}</code>
      <CopyButton text={command} label="clone command" />
      <p className="hint">
        Run <code>git lfs install</code> once so LFS files are checked out, not their pointers.
        {overview.private && (
          <>
            {' '}
            This repo is private: git asks for credentials (any user name, an access token as the password), or put the
            token in the URL: <code>{cloneUrlWithToken(origin, overview.type, overview.id)}</code>
          </>
        )}
      </p>
    </div>
  );
}

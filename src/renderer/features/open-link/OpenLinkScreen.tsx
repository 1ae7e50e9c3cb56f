import type { ReactNode } from 'react';
import type { DeepLink } from '../../../shared/deep-link.js';
import { ErrorPanel } from '../../components/ErrorPanel.js';
import { QueryContent } from '../../components/QueryContent.js';
import { deepLinkQuery, hubsQuery, libraryQuery } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';
import { useAppStore } from '../../store/store-context.js';
import { deepLinkTarget } from './deep-link-target.js';

/**
 * A `hubkeeper://` link from the desktop shell or a web page: the core checks it, this screen says
 * what it asks for, and nothing happens until the user goes on (a download is chosen file by file
 * on the Remote screen).
 */
export function OpenLinkScreen({ url }: { readonly url: string }): ReactNode {
  const query = useQuery(deepLinkQuery(url));
  return (
    <section aria-labelledby="open-link-title" className="settings">
      <div className="screen-header">
        <h1 id="open-link-title">Open a HubKeeper link</h1>
      </div>
      <p className="hint">
        <code>{url === '' ? '(no link)' : url}</code>
      </p>
      <QueryContent query={query} what="the link">
        {(data) => <LinkTarget link={data.link} />}
      </QueryContent>
    </section>
  );
}

function LinkTarget({ link }: { readonly link: DeepLink }): ReactNode {
  const hubs = useQuery(hubsQuery);
  const library = useQuery(libraryQuery);
  const navigate = useAppStore((state) => state.navigate);
  const setRemote = useAppStore((state) => state.setRemote);
  if (hubs.data === undefined) return <QueryContent query={hubs} what="the remote hubs">{() => null}</QueryContent>;
  if (library.data === undefined) return <QueryContent query={library} what="the library">{() => null}</QueryContent>;
  const repos = library.data.repos;
  const target = deepLinkTarget(link, {
    hubs: hubs.data.hubs,
    cached: (type, repo) => repos.some((candidate) => candidate.source === 'cache' && candidate.type === type && candidate.id === repo),
  });
  if (!target.ok) return <ErrorPanel title="Cannot open this link" message={target.problem} />;
  const go = (): void => {
    const { remote } = target;
    if (remote !== undefined) {
      // A new hub or type clears the repo: set those first, then the repo and its patterns.
      setRemote({ hubId: remote.hubId, type: remote.type });
      setRemote(remote);
    }
    navigate(target.route, { replace: true });
  };
  return (
    <div className="form-row">
      <p>{target.summary}</p>
      <button type="button" className="primary" onClick={go}>
        {target.action}
      </button>
      <button type="button" onClick={() => navigate({ screen: 'library' }, { replace: true })}>
        Cancel
      </button>
    </div>
  );
}

export {
  UpstreamClient,
  type ProxySettings,
  type RedirectMode,
  type ResponseHeaders,
  type UpstreamClientOptions,
  type UpstreamRequest,
  type UpstreamResponse,
  type DownloadRequest,
  type ManyDownloadsRequest,
} from './upstream-client.js';
export type { PipelinedResponse } from './pipelined-gets.js';
export type { ParsedHead } from './raw-http.js';
export { CollectingSink, type BodySink, type HeaderMap, type ResponseHead } from './body-sink.js';
export {
  HubApi,
  type HubTarget,
  type RemoteFileEntry,
  type RemoteFolderEntry,
  type RemoteCommit,
  type RemoteCommitPage,
  type RemoteRefs,
  type RemoteRepoInfo,
  type RemoteTreeEntry,
  type RepoListFilters,
} from './hub-api.js';
export { DEFAULT_ENDPOINT, nextLink, pyQuote, repoApiUrl, resolveUrl, treeUrl } from './hub-urls.js';
export { describeUrl, hubError } from './hub-error.js';
export { DEFAULT_RETRY_POLICY, isRetryableError, isRetryableStatus, retryDelayMs, serverWaitMs, type RetryPolicy } from './retry-policy.js';
export { TokenBucket } from './token-bucket.js';

import type { DownloadError } from '../../shared/app-api.js';

export interface ErrorExplanation {
  /** One sentence saying what went wrong, without jargon. */
  readonly summary: string;
  /** What the user can do about it. */
  readonly action: string;
}

const EXPLANATIONS: Readonly<Record<string, ErrorExplanation>> = {
  GatedRepo: {
    summary: 'This repository is gated: its authors must approve you before you can download it.',
    action: 'Request access on the hub’s website, then add a token of the approved account in Settings.',
  },
  Unauthorized: {
    summary: 'The hub did not accept the request without a valid token.',
    action: 'Add a token for this hub in Settings, then retry.',
  },
  Forbidden: {
    summary: 'Your token is not allowed to read this repository.',
    action: 'Use a token of an account that can see it (Settings), then retry.',
  },
  RepoNotFound: {
    summary: 'The hub has no such repository, or it is private.',
    action: 'Check the name; for a private repository, add a token in Settings.',
  },
  RevisionNotFound: {
    summary: 'The branch, tag or commit no longer exists on the hub.',
    action: 'Pick another revision and start the download again.',
  },
  EntryNotFound: {
    summary: 'A file is missing from this revision on the hub.',
    action: 'Start the download again without that file.',
  },
  InsufficientStorage: {
    summary: 'The disk is full: there is not enough free space for these files.',
    action: 'Free some space (see Disk), then retry.',
  },
  IntegrityError: {
    summary: 'A file arrived damaged (its checksum did not match), so it was discarded.',
    action: 'Retry; if it keeps happening, the hub may be serving a broken file.',
  },
  RateLimited: {
    summary: 'The hub is limiting how fast you can download.',
    action: 'Wait a few minutes, then retry.',
  },
  UpstreamUnavailable: {
    summary: 'The hub could not be reached or kept failing.',
    action: 'Check your network connection, then retry.',
  },
  LocalEntryNotFound: {
    summary: 'You are offline and this file is not in the cache.',
    action: 'Connect to the network, then retry.',
  },
};

const FALLBACK: ErrorExplanation = {
  summary: 'The download stopped because of an unexpected problem.',
  action: 'Retry; the details below may help.',
};

/** Plain words for a failed download, keyed by the core's error code. */
export function explainDownloadError(error: DownloadError): ErrorExplanation {
  return EXPLANATIONS[error.code] ?? FALLBACK;
}

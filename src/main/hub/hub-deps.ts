import type { Accounts } from '../accounts/index.js';
import type { Store } from '../store/index.js';
import type { UploadSettings } from './upload-settings.js';

export interface HubDeps {
  readonly accounts: Accounts;
  readonly store: Store;
  /** LFS transfer settings (multipart offer, URL lifetime); defaults when absent. */
  readonly uploads?: Partial<UploadSettings>;
}

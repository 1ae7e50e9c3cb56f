export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface UpdatePolicyInput {
  readonly isPackaged: boolean;
  /** electron-builder writes `app-update.yml` into the resources only when a `publish` target is configured. */
  readonly hasUpdateConfig: boolean;
}

/** Development runs and builds without a publish target have nowhere to look for updates. */
export function shouldCheckForUpdates(input: UpdatePolicyInput): boolean {
  return input.isPackaged && input.hasUpdateConfig;
}

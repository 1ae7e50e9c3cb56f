import { AppError } from '../../shared/errors.js';
import { checkLfsThreshold, formatBindAddress, parseBindAddress, type BindAddress } from '../../shared/server-settings.js';
import type { Config } from '../config.js';
import type { SettingsTable } from '../db/index.js';
import { ModelFolderSettings } from './model-folder-settings.js';

const LFS_THRESHOLD_KEY = 'lfsThreshold';
const BIND_ADDRESS_KEY = 'bindAddress';

/** Where the server listens, and whether a saved address decided it. */
export interface ListenAddress extends BindAddress {
  readonly fromSettings: boolean;
}

export type StartConfig = Pick<Config, 'host' | 'port' | 'lfsThreshold' | 'explicit'>;

/** Host and port for the next listen: an option or variable wins, part by part, over the saved address. */
export function listenAddress(config: StartConfig, saved: BindAddress | undefined): ListenAddress {
  if (saved === undefined) return { host: config.host, port: config.port, fromSettings: false };
  const host = config.explicit.host ? config.host : saved.host;
  const port = config.explicit.port ? config.port : saved.port;
  return { host, port, fromSettings: !config.explicit.host || !config.explicit.port };
}

/** Values from the UI, checked by `update`. */
export interface ServerSettingsChanges {
  readonly lfsThreshold?: unknown;
  readonly bindAddress?: unknown;
}

export interface ServerSettingsOptions {
  readonly table: SettingsTable;
  readonly config: StartConfig;
  readonly now?: () => number;
}

/**
 * The hub server's settings the UI may change. The LFS threshold applies at once (the store reads
 * it on every upload); the bind address is saved for the next start. Values read back from the
 * database are checked again, and a bad one is ignored.
 */
export class ServerSettings {
  private readonly table: SettingsTable;
  private readonly config: StartConfig;
  private readonly now: () => number;
  private threshold: number;
  /** The folders to find model folders in (Settings), and where imported ones went. */
  readonly modelFolders: ModelFolderSettings;

  constructor(options: ServerSettingsOptions) {
    this.table = options.table;
    this.config = options.config;
    this.now = options.now ?? Date.now;
    this.modelFolders = new ModelFolderSettings(this.table, this.now);
    const saved = checkLfsThreshold(this.table.get(LFS_THRESHOLD_KEY));
    this.threshold = !this.config.explicit.lfsThreshold && saved.ok ? saved.value : this.config.lfsThreshold;
  }

  /** The threshold in force now. */
  lfsThreshold(): number {
    return this.threshold;
  }

  /** True when HUBKEEPER_LFS_THRESHOLD or a start option sets the threshold for this run. */
  get lfsThresholdLocked(): boolean {
    return this.config.explicit.lfsThreshold;
  }

  /**
   * Checks every given value first, then saves them all: a bad value changes nothing. The
   * threshold applies at once, the address at the next start.
   */
  update(changes: ServerSettingsChanges): void {
    const threshold = changes.lfsThreshold === undefined ? undefined : this.checkThreshold(changes.lfsThreshold);
    const address = changes.bindAddress === undefined ? undefined : checkAddress(changes.bindAddress);
    const now = this.now();
    if (threshold !== undefined) {
      this.table.set(LFS_THRESHOLD_KEY, threshold, now);
      this.threshold = threshold;
    }
    if (address !== undefined) this.table.set(BIND_ADDRESS_KEY, formatBindAddress(address), now);
  }

  private checkThreshold(value: unknown): number {
    if (this.lfsThresholdLocked) {
      throw new AppError(
        'SettingLocked',
        'HUBKEEPER_LFS_THRESHOLD (or a start option) sets the LFS threshold of this server; start it without that to change the threshold here',
        { setting: LFS_THRESHOLD_KEY },
      );
    }
    const checked = checkLfsThreshold(value);
    if (!checked.ok) throw new AppError('InvalidSetting', checked.problem, { setting: LFS_THRESHOLD_KEY });
    return checked.value;
  }

  /** The address saved for the next start, if any. */
  savedBindAddress(): BindAddress | undefined {
    const saved = this.table.get(BIND_ADDRESS_KEY);
    if (typeof saved !== 'string') return undefined;
    const parsed = parseBindAddress(saved);
    return parsed.ok ? parsed.value : undefined;
  }

  /** True when --host/--port or HUBKEEPER_HOST/HUBKEEPER_PORT override (part of) the saved address. */
  get bindAddressOverridden(): boolean {
    return this.config.explicit.host || this.config.explicit.port;
  }

  /** Where to listen at this start. */
  listenAddress(): ListenAddress {
    return listenAddress(this.config, this.savedBindAddress());
  }
}

function checkAddress(text: unknown): BindAddress {
  const parsed = typeof text === 'string' ? parseBindAddress(text) : undefined;
  if (parsed?.ok === true) return parsed.value;
  throw new AppError('InvalidSetting', parsed?.problem ?? 'The bind address must be text such as 127.0.0.1:7870', { setting: BIND_ADDRESS_KEY });
}

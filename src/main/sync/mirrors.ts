import { AppError } from '../../shared/errors.js';
import type { MirrorResult, SyncMirror } from '../../shared/app-api.js';
import type { RepoType } from '../../shared/repo-id.js';
import { parseRepoId } from '../../shared/repo-id.js';
import { createSyncMirrorsTable, type Db, type SyncMirrorRow, type SyncMirrorsTable } from '../db/index.js';
import { PeriodicJobScheduler, type JobQueue, type ScheduleEntry } from '../jobs/index.js';
import type { PullSpec } from './pull-spec.js';

export interface MirrorInput {
  readonly type: RepoType;
  /** The repo id, on the remote and here. */
  readonly repo: string;
  readonly endpoint: string;
  readonly everyMs: number | null;
  readonly history: boolean;
  readonly allRefs: boolean;
}

/** The params of a mirror's job: which mirror, its name for the job's title, and what it pulls (for the jobs list). */
export interface MirrorJobParams {
  readonly mirrorId: number;
  readonly name: string;
  readonly type: RepoType;
  readonly repo: string;
  readonly endpoint: string;
}

export const SYNC_MIRROR_JOB = 'sync-mirror';

/** The pull schedules of mirrored repos (table sync_mirrors) and the outcome of each one's last run. */
export class Mirrors {
  private readonly table: SyncMirrorsTable;
  private readonly now: () => number;

  constructor(db: Db, now: () => number = Date.now) {
    this.table = createSyncMirrorsTable(db);
    this.now = now;
  }

  /** Adds a mirror, or changes the schedule and options of the one of that repo and remote. */
  set(input: MirrorInput): SyncMirror {
    const id = parseRepoId(input.repo, input.type);
    if (!input.repo.includes('/')) throw new AppError('InvalidRepoName', `"${input.repo}" has no namespace: a mirror needs NAMESPACE/NAME`);
    const repo = `${id.namespace}/${id.name}`;
    return toMirror(
      this.table.upsert({
        repo_type: input.type, repo, remote_endpoint: input.endpoint, remote_repo: repo, every_ms: input.everyMs,
        history: input.history ? 1 : 0, all_refs: input.allRefs ? 1 : 0, created_at: this.now(),
      }),
    );
  }

  list(): SyncMirror[] {
    return this.table.list().map(toMirror);
  }

  get(id: number): SyncMirror | undefined {
    const row = this.table.get(id);
    return row ? toMirror(row) : undefined;
  }

  forRepo(type: RepoType, repo: string): SyncMirror[] {
    return this.table.forRepo(type, repo).map(toMirror);
  }

  /** Removes a repo's mirrors (of one remote, or all); returns those removed. Nothing pulled is touched. */
  remove(type: RepoType, repo: string, endpoint?: string): SyncMirror[] {
    const removed = this.forRepo(type, repo).filter((mirror) => endpoint === undefined || mirror.endpoint === endpoint);
    for (const mirror of removed) this.table.remove(mirror.id);
    return removed;
  }

  removeById(id: number): SyncMirror | undefined {
    const mirror = this.get(id);
    if (mirror) this.table.remove(id);
    return mirror;
  }

  /** Records a run's outcome (the next run falls due one period later, whether it failed or not). */
  record(id: number, result: MirrorResult): SyncMirror | undefined {
    this.table.finish(id, result.at, JSON.stringify(result));
    return this.get(id);
  }
}

/** The pull a mirror runs. */
export function mirrorPullSpec(mirror: SyncMirror): PullSpec {
  return {
    repo: mirror.remoteRepo,
    endpoint: mirror.endpoint,
    repoType: mirror.type,
    revision: 'main',
    ...(mirror.repo === mirror.remoteRepo ? {} : { as: mirror.repo }),
    ...(mirror.history ? { history: true } : {}),
    ...(mirror.allRefs ? { allRefs: true } : {}),
  };
}

export function mirrorJobParams(mirror: SyncMirror): MirrorJobParams {
  return { mirrorId: mirror.id, name: describeMirror(mirror), type: mirror.type, repo: mirror.repo, endpoint: mirror.endpoint };
}

export function describeMirror(mirror: SyncMirror): string {
  return `${mirror.repo} from ${mirror.endpoint}`;
}

export interface MirrorSchedulerOptions {
  readonly mirrors: Mirrors;
  readonly jobs: JobQueue;
  readonly pollMs?: number;
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
}

/** Runs each mirror as a `sync-mirror` job once its period has passed since its last run (a new mirror at once). */
export function createMirrorScheduler(options: MirrorSchedulerOptions): PeriodicJobScheduler<MirrorJobParams> {
  const { mirrors } = options;
  return new PeriodicJobScheduler<MirrorJobParams>({
    jobs: options.jobs,
    kind: SYNC_MIRROR_JOB,
    maxRunning: 2,
    entries: function* (): Generator<ScheduleEntry<MirrorJobParams>> {
      for (const mirror of mirrors.list()) {
        if (mirror.everyMs === null) continue;
        yield { key: mirror.id, dueAt: mirror.nextRunAt, everyMs: mirror.everyMs, params: mirrorJobParams(mirror) };
      }
    },
    keyOf: (params) => {
      const mirrorId = (params as Partial<MirrorJobParams> | null)?.mirrorId;
      return typeof mirrorId === 'number' ? mirrorId : undefined;
    },
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
}

function toMirror(row: SyncMirrorRow): SyncMirror {
  return {
    id: row.id,
    type: row.repo_type as RepoType,
    repo: row.repo,
    endpoint: row.remote_endpoint,
    remoteRepo: row.remote_repo,
    everyMs: row.every_ms,
    history: row.history === 1,
    allRefs: row.all_refs === 1,
    createdAt: row.created_at,
    lastRunAt: row.last_run_at,
    nextRunAt: row.every_ms === null ? null : row.last_run_at === null ? row.created_at : row.last_run_at + row.every_ms,
    lastResult: row.last_result === null ? null : (JSON.parse(row.last_result) as MirrorResult),
  };
}

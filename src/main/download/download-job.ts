import { z } from 'zod';
import { REPO_TYPES } from '../../shared/repo-id.js';
import type { DownloadEngine, SnapshotResult } from '../download/index.js';
import { FileProgressList, type JobContext, type JobKind } from '../jobs/index.js';

export const DOWNLOAD_JOB = 'download';

const downloadParams = z.object({
  repoId: z.string().min(3),
  repoType: z.enum(REPO_TYPES).default('model'),
  revision: z.string().min(1).optional(),
  /** Given files only; otherwise a snapshot filtered by the patterns. */
  files: z.array(z.string().min(1)).optional(),
  allowPatterns: z.array(z.string()).optional(),
  ignorePatterns: z.array(z.string()).optional(),
  localDir: z.string().optional(),
  cacheDir: z.string().optional(),
  endpoint: z.url().optional(),
  force: z.boolean().optional(),
});

export type DownloadJobParams = z.infer<typeof downloadParams>;

export interface DownloadJobResult {
  /** The snapshot folder (or the local dir). */
  readonly path: string;
  readonly commit: string | undefined;
  /** Paths of the downloaded files on disk. */
  readonly files: readonly string[];
}

export interface DownloadJobOptions {
  /** The token for a job's hub, looked up when the job runs (for hubs other than the engine's default). */
  readonly tokenFor?: (endpoint: string) => string | undefined;
}

/**
 * Downloads as queue jobs: a snapshot (with patterns) or a list of files. Tokens are never
 * stored with the job: the engine sends the configured one to its default hub, and `tokenFor`
 * supplies one for other hubs when the job runs.
 */
export function downloadJob(engine: DownloadEngine, options: DownloadJobOptions = {}): JobKind<DownloadJobParams, DownloadJobResult> {
  return {
    parse: (params) => downloadParams.parse(params),
    title: (params) => `${params.repoId}${params.files ? `: ${params.files.join(', ')}` : ''}`,
    run: (params, context) => {
      const token = params.endpoint === undefined ? undefined : options.tokenFor?.(params.endpoint);
      const resolved = token === undefined ? params : { ...params, token };
      return params.files ? downloadFiles(engine, resolved, params.files, context) : downloadSnapshot(engine, resolved, context);
    },
  };
}

type RunParams = DownloadJobParams & { readonly token?: string };

function target(params: RunParams, signal: AbortSignal) {
  return {
    repoType: params.repoType,
    signal,
    ...(params.token === undefined ? {} : { token: params.token }),
    ...(params.revision === undefined ? {} : { revision: params.revision }),
    ...(params.localDir === undefined ? {} : { localDir: params.localDir }),
    ...(params.cacheDir === undefined ? {} : { cacheDir: params.cacheDir }),
    ...(params.endpoint === undefined ? {} : { endpoint: params.endpoint }),
    ...(params.force === undefined ? {} : { force: params.force }),
  };
}

async function downloadSnapshot(engine: DownloadEngine, params: RunParams, context: JobContext): Promise<DownloadJobResult> {
  const files = new FileProgressList();
  const result: SnapshotResult = await engine.snapshotDownload(params.repoId, {
    ...target(params, context.signal),
    ...(params.allowPatterns ? { allowPatterns: params.allowPatterns } : {}),
    ...(params.ignorePatterns ? { ignorePatterns: params.ignorePatterns } : {}),
    onProgress: (progress) => {
      if (progress.file) files.update(progress.file.path, progress.file.done, progress.file.total);
      context.report({
        bytesDone: progress.bytesDone,
        bytesTotal: progress.bytesTotal,
        detail: { filesDone: progress.filesDone, filesTotal: progress.filesTotal },
        files: files.entries(),
      });
    },
  });
  return { path: result.path, commit: result.commit || undefined, files: result.files };
}

async function downloadFiles(engine: DownloadEngine, params: RunParams, files: readonly string[], context: JobContext): Promise<DownloadJobResult> {
  const done = new Map<string, { done: number; total: number }>();
  const list = new FileProgressList();
  const paths: string[] = [];
  for (const file of files) {
    paths.push(
      await engine.downloadFile(params.repoId, file, {
        ...target(params, context.signal),
        onProgress: (progress) => {
          done.set(progress.path, { done: progress.done, total: progress.total });
          list.update(progress.path, progress.done, progress.total);
          let bytesDone = 0;
          let bytesTotal = 0;
          for (const value of done.values()) {
            bytesDone += value.done;
            bytesTotal += value.total;
          }
          context.report({ bytesDone, bytesTotal, detail: { filesDone: paths.length, filesTotal: files.length }, files: list.entries() });
        },
      }),
    );
  }
  return { path: paths[0] ?? '', commit: undefined, files: paths };
}

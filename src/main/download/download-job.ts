import { FileProgressList, type JobContext, type JobKind } from '../jobs/index.js';
import type { DownloadEngine, DownloadResult } from './download-engine.js';
import { parseDownloadRequest, type DownloadRequest } from './download-request.js';

/** The name the download job kind is registered under. */
export const DOWNLOAD_JOB = 'download';

/**
 * Downloads as queue jobs: the job's params are a DownloadRequest, stored without a token; the
 * engine asks credentials/ for the endpoint's token when the job runs.
 */
export function downloadJob(engine: DownloadEngine): JobKind<DownloadRequest, DownloadResult> {
  return {
    parse: parseDownloadRequest,
    title: (request) => `${request.repoId}${request.files ? `: ${request.files.join(', ')}` : ''}`,
    run: (request, context) => runDownload(engine, request, context),
  };
}

function runDownload(engine: DownloadEngine, request: DownloadRequest, context: JobContext): Promise<DownloadResult> {
  const files = new FileProgressList();
  return engine.download(request, {
    signal: context.signal,
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
}

import { SingleBar } from 'cli-progress';
import { formatBytes } from '../../shared/format-bytes.js';
import { ProgressMeter } from '../jobs/index.js';

export interface ProgressDisplay {
  update(done: number, total: number, note?: string): void;
  stop(): void;
}

/** How far a transfer of several files is. */
export interface FilesProgress {
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly filesDone: number;
  readonly filesTotal: number;
}

/** Shows a transfer's bytes on the bar, and its files as the note. */
export function showFilesProgress(display: ProgressDisplay): (progress: FilesProgress) => void {
  return (progress) => display.update(progress.bytesDone, progress.bytesTotal, `${progress.filesDone}/${progress.filesTotal} files`);
}

/**
 * A progress bar on stderr with bytes, speed and ETA (cli-progress), or nothing at all when
 * disabled (not a TTY, HF_HUB_DISABLE_PROGRESS_BARS=1, --quiet).
 */
export function createProgressDisplay(title: string, enabled: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const meter = new ProgressMeter(100);
  const bar = new SingleBar({
    stream,
    format: `${title} |{bar}| {percentage}% | {doneText}/{totalText} | {speedText} | ETA {etaText}{note}`,
    barsize: 30,
    hideCursor: true,
    fps: 10,
    barCompleteChar: '\u2588',
    barIncompleteChar: '\u2591',
  });
  let started = false;
  return {
    update(done, total, note = '') {
      meter.sample(done);
      const eta = meter.eta(done, total);
      const payload = {
        doneText: formatBytes(done),
        totalText: formatBytes(total),
        speedText: `${formatBytes(meter.speed)}/s`,
        etaText: eta === undefined ? '--' : formatDuration(eta),
        note: note === '' ? '' : ` | ${note}`,
      };
      if (!started) {
        bar.start(Math.max(total, 1), done, payload);
        started = true;
      } else {
        bar.setTotal(Math.max(total, 1));
        bar.update(done, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

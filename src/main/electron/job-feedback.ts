import { Notification, type BrowserWindow } from 'electron';
import type { Core } from '../core.js';
import { pausableTransfers, progressBarValue, progressLabel, RunningJobs } from './job-progress.js';
import { createJobNotifier, type JobNotification } from './notification-policy.js';
import type { AppTray } from './tray.js';

export interface JobFeedbackInput {
  readonly core: Core;
  readonly window: () => BrowserWindow | undefined;
  readonly tray: () => AppTray | undefined;
  /** Shows the window at a UI location hash (a notification's click). */
  readonly open: (hash: string) => void;
  readonly onError: (error: unknown) => void;
}

export interface JobFeedback {
  pauseAll(): void;
  stop(): void;
}

/** System notifications, taskbar/dock progress and the tray's line, from the job queue's events. */
export function startJobFeedback(input: JobFeedbackInput): JobFeedback {
  const { jobs } = input.core;
  const running = new RunningJobs();
  const show = (notification: JobNotification): void => {
    if (!Notification.isSupported()) return;
    const note = new Notification({ title: notification.title, body: notification.body });
    note.on('click', () => input.open(notification.hash));
    note.show();
  };
  const notifier = createJobNotifier({ show });
  const refresh = (): void => {
    const progress = running.aggregate();
    const window = input.window();
    if (window !== undefined && !window.isDestroyed()) window.setProgressBar(progressBarValue(progress));
    input.tray()?.update({ running: progress.running, progress: progressLabel(progress) });
  };
  const onState = ({ job }: { job: Parameters<RunningJobs['onState']>[0] & Parameters<typeof notifier.onJobState>[0] }): void => {
    running.onState(job);
    notifier.onJobState(job);
    refresh();
  };
  const onProgress = (event: Parameters<RunningJobs['onProgress']>[0]): void => {
    running.onProgress(event);
    refresh();
  };
  for (const job of jobs.list()) running.onState(job);
  jobs.events.on('state', onState);
  jobs.events.on('progress', onProgress);
  refresh();
  return {
    pauseAll() {
      for (const id of pausableTransfers(jobs.list())) jobs.pause(id).catch(input.onError);
    },
    stop() {
      jobs.events.off('state', onState);
      jobs.events.off('progress', onProgress);
      notifier.close();
    },
  };
}

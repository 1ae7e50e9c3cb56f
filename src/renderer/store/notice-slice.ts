import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-store.js';

export interface Notice {
  readonly id: number;
  readonly text: string;
  readonly tone: 'ok' | 'error';
}

export interface NoticeSlice {
  /** The last thing an action reported, announced politely to screen readers. */
  readonly notice: Notice | undefined;
  readonly notify: (text: string, tone?: Notice['tone']) => void;
  readonly dismissNotice: () => void;
}

export function createNoticeSlice(): StateCreator<AppState, [], [], NoticeSlice> {
  let next = 0;
  return (set) => ({
    notice: undefined,
    notify: (text, tone = 'ok') => set({ notice: { id: ++next, text, tone } }),
    dismissNotice: () => set({ notice: undefined }),
  });
}

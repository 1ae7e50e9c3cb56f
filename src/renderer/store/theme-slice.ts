import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-store.js';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** Where small UI preferences are kept: localStorage in the app, a map in tests. */
export interface PreferenceStorage {
  readonly get: (key: string) => string | null;
  readonly set: (key: string, value: string) => void;
}

const THEME_KEY = 'hubkeeper.theme';

function isTheme(value: string | null): value is Theme {
  return value !== null && (THEMES as readonly string[]).includes(value);
}

export interface ThemeSlice {
  /** "system" follows the operating system's light or dark setting. */
  readonly theme: Theme;
  readonly setTheme: (theme: Theme) => void;
}

export function createThemeSlice(storage: PreferenceStorage): StateCreator<AppState, [], [], ThemeSlice> {
  const stored = storage.get(THEME_KEY);
  return (set) => ({
    theme: isTheme(stored) ? stored : 'system',
    setTheme: (theme) => {
      storage.set(THEME_KEY, theme);
      set({ theme });
    },
  });
}

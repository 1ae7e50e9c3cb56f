import type { ReactNode } from 'react';
import { THEMES, type Theme } from '../../store/theme-slice.js';
import { useAppStore } from '../../store/store-context.js';

const LABELS: Readonly<Record<Theme, string>> = { system: 'Follow the system', light: 'Light', dark: 'Dark' };

export function ThemePicker(): ReactNode {
  const theme = useAppStore((state) => state.theme);
  const setTheme = useAppStore((state) => state.setTheme);
  return (
    <section className="panel" aria-labelledby="theme-title">
      <h2 id="theme-title">Appearance</h2>
      <fieldset className="radio-group">
        <legend>Theme</legend>
        {THEMES.map((value) => (
          <div key={value} className="check-row">
            <input id={`theme-${value}`} type="radio" name="theme" value={value} checked={theme === value} onChange={() => setTheme(value)} />
            <label htmlFor={`theme-${value}`}>{LABELS[value]}</label>
          </div>
        ))}
      </fieldset>
    </section>
  );
}

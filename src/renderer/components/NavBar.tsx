import type { ReactNode } from 'react';
import { formatHash, type Screen } from '../routing/routes.js';
import { isActive } from '../store/downloads-slice.js';
import { useAppStore } from '../store/store-context.js';

interface NavItem {
  readonly screen: Exclude<Screen, 'repo' | 'sign-in'>;
  readonly label: string;
}

/** The screens in the order the sidebar lists them. Tracking and Sync slot in after Downloads. */
export const NAV_ITEMS: readonly NavItem[] = [
  { screen: 'library', label: 'Library' },
  { screen: 'remote', label: 'Remote hubs' },
  { screen: 'downloads', label: 'Downloads' },
  { screen: 'disk', label: 'Disk' },
  { screen: 'settings', label: 'Settings' },
];

export function NavBar(): ReactNode {
  const screen = useAppStore((state) => state.route.screen);
  const active = useAppStore((state) => Object.values(state.downloads.jobs).filter(isActive).length);
  const current = screen === 'repo' ? 'library' : screen;

  return (
    <nav className="nav" aria-label="Main">
      <ul>
        {NAV_ITEMS.map((item) => (
          <li key={item.screen}>
            <a href={formatHash({ screen: item.screen })} aria-current={item.screen === current ? 'page' : undefined}>
              {item.label}
              {item.screen === 'downloads' && active > 0 && (
                <span className="nav-count">
                  <span aria-hidden="true">{active}</span>
                  <span className="visually-hidden">, {active} active</span>
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

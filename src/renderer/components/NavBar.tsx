import type { ReactNode } from 'react';
import { formatHash, homeRoute, type NavScreen } from '../routing/routes.js';
import { isActive } from '../store/downloads-slice.js';
import { useAppStore } from '../store/store-context.js';

interface NavItem {
  readonly screen: NavScreen;
  readonly label: string;
  /** Screens of the machine's owner (the core answers 403 to anyone else). */
  readonly ownerOnly: boolean;
}

/** The screens in the order the sidebar lists them. Sync slots in after Tracking. */
export const NAV_ITEMS: readonly NavItem[] = [
  { screen: 'library', label: 'Library', ownerOnly: false },
  { screen: 'remote', label: 'Remote hubs', ownerOnly: true },
  { screen: 'downloads', label: 'Downloads', ownerOnly: true },
  { screen: 'tracking', label: 'Tracking', ownerOnly: true },
  { screen: 'disk', label: 'Disk', ownerOnly: true },
  { screen: 'tokens', label: 'Tokens', ownerOnly: false },
  { screen: 'settings', label: 'Settings', ownerOnly: true },
];

export function NavBar(): ReactNode {
  const screen = useAppStore((state) => state.route.screen);
  const active = useAppStore((state) => Object.values(state.downloads.jobs).filter(isActive).length);
  const current = screen === 'repo' ? 'library' : screen;
  const owner = useAppStore((state) => state.session.phase === 'signed-in' && state.session.session.role === 'owner');

  return (
    <nav className="nav" aria-label="Main">
      <ul>
        {NAV_ITEMS.filter((item) => owner || !item.ownerOnly).map((item) => (
          <li key={item.screen}>
            <a href={formatHash(homeRoute(item.screen))} aria-current={item.screen === current ? 'page' : undefined}>
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

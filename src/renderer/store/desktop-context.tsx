import { createContext, useContext } from 'react';
import type { DesktopBridge } from '../../shared/desktop-bridge.js';

/** The desktop app's bridge, or undefined in a plain browser. */
export const DesktopContext = createContext<DesktopBridge | undefined>(undefined);

export function useDesktop(): DesktopBridge | undefined {
  return useContext(DesktopContext);
}

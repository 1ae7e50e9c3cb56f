import type { ReactNode } from 'react';
import type { Route } from '../../routing/routes.js';

export type TrackingRoute = Extract<Route, { screen: 'tracking' }>;

/** A tab of the Tracking screen: the panel gets the route (its tracked repo and folder). */
export interface TrackingTab {
  readonly key: string;
  readonly label: string;
  readonly Panel: (props: { readonly route: TrackingRoute }) => ReactNode;
}

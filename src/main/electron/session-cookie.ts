import type { CookiesSetDetails } from 'electron';

/** The owner's UI session cookie, as `core.ui.ownerCookie()` gives it. */
export interface SessionCookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
}

/**
 * What the window's session needs to hold the owner's cookie exactly as the sign-in link would
 * set it (HttpOnly, SameSite=Strict, the app API's path, the core's host and port), so the desktop
 * window is signed in without a one-time link. No expiry: it lasts as long as the app runs.
 */
export function sessionCookieDetails(coreUrl: string, cookie: SessionCookie): CookiesSetDetails {
  const url = new URL(cookie.path, coreUrl);
  return {
    url: url.href,
    name: cookie.name,
    value: cookie.value,
    path: cookie.path,
    httpOnly: true,
    secure: false,
    sameSite: 'strict',
  };
}

import type { CookieSerializeOptions } from '@fastify/cookie';

export const ACCESS_COOKIE = 'ms_access';
export const REFRESH_COOKIE = 'ms_refresh';
export const PENDING_COOKIE = 'ms_mfa';
/** A portal client's password step passed, authenticator code to come. */
export const PORTAL_PENDING_COOKIE = 'ms_portal_mfa';
export const CSRF_COOKIE = 'ms_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Paths keep each cookie away from requests that have no use for it. */
export function cookieOptions(
  name:
    | typeof ACCESS_COOKIE
    | typeof REFRESH_COOKIE
    | typeof PENDING_COOKIE
    | typeof PORTAL_PENDING_COOKIE
    | typeof CSRF_COOKIE,
  secure: boolean,
  maxAgeSeconds?: number,
): CookieSerializeOptions {
  return {
    path:
      name === REFRESH_COOKIE || name === PENDING_COOKIE
        ? '/api/v1/auth'
        : name === PORTAL_PENDING_COOKIE
          ? '/api/v1/portal/mfa'
          : '/',
    // The CSRF cookie is the one the web app must read to echo it in a header.
    httpOnly: name !== CSRF_COOKIE,
    secure,
    sameSite: 'strict',
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

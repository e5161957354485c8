const COOKIE = 'ms_csrf';

function readCookie(): string | undefined {
  return document.cookie
    .split('; ')
    .find((c) => c.startsWith(`${COOKIE}=`))
    ?.slice(COOKIE.length + 1);
}

/** The CSRF token to echo in `x-csrf-token`; fetched once per browser session if missing. */
export async function csrfToken(): Promise<string> {
  const existing = readCookie();
  if (existing) return existing;
  const response = await fetch('/api/v1/auth/csrf', { credentials: 'same-origin' });
  const body = (await response.json()) as { csrfToken: string };
  return readCookie() ?? body.csrfToken;
}

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** A browser for API tests: keeps cookies between requests and echoes the CSRF cookie in its header. */
export function testBrowser(app: FastifyInstance) {
  const jar = new Map<string, string>();
  const absorb = (res: LightMyRequestResponse) => {
    for (const c of res.cookies) {
      if (
        c.value === '' ||
        (c.maxAge !== undefined && c.maxAge <= 0) ||
        (c.expires && c.expires.getTime() < Date.now())
      )
        jar.delete(c.name);
      else jar.set(c.name, c.value);
    }
    return res;
  };
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    jar,
    async get(url: string) {
      return absorb(await app.inject({ method: 'GET', url, headers: { cookie: cookieHeader() } }));
    },
    async post(url: string, payload?: unknown, options: { csrf?: boolean } = {}) {
      if (options.csrf !== false && !jar.has('ms_csrf')) await this.get('/api/v1/auth/csrf');
      const headers: Record<string, string> = { cookie: cookieHeader() };
      if (options.csrf !== false) headers['x-csrf-token'] = jar.get('ms_csrf') ?? '';
      return absorb(
        await app.inject({
          method: 'POST',
          url,
          headers,
          ...(payload === undefined ? {} : { payload: payload as object }),
        }),
      );
    },
  };
}

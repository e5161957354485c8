import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed double-submit CSRF tokens: `random.mac`. The cookie and the header must carry the same
 * token and its MAC must verify, so a cross-site form cannot forge either half.
 */
export function createCsrfTokens(secret: Uint8Array) {
  const mac = (nonce: string) => createHmac('sha256', secret).update(`csrf:${nonce}`).digest('base64url');
  return {
    issue(): string {
      const nonce = randomBytes(24).toString('base64url');
      return `${nonce}.${mac(nonce)}`;
    },
    verify(cookie: string | undefined, header: string | undefined): boolean {
      if (!cookie || !header || cookie.length > 200 || header.length > 200) return false;
      const a = Buffer.from(cookie);
      const b = Buffer.from(header);
      if (a.length !== b.length || !timingSafeEqual(a, b)) return false;
      const [nonce, given] = cookie.split('.');
      if (!nonce || !given) return false;
      const expected = Buffer.from(mac(nonce));
      const actual = Buffer.from(given);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
  };
}
export type CsrfTokens = ReturnType<typeof createCsrfTokens>;

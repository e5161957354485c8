import type { Database } from '@mentalspace/db';
import type { ChallengeStore } from './challenge-store';
import type { CsrfTokens } from './csrf';
import type { SecretBox } from './secret-box';
import type { SessionActivity } from './session-activity';
import type { TokenService } from './tokens';

/** What the identity module needs, built once in server.ts (or the test app) and passed in. */
export interface AuthDeps {
  database: Database;
  tokens: TokenService;
  activity: SessionActivity;
  csrf: CsrfTokens;
  /** WebAuthn challenges between options and verification. */
  challenges: ChallengeStore;
  /** The relying party for passkeys; unset values are taken from the request's Origin. */
  webauthn: { rpName: string; rpId?: string | undefined; origin?: string | undefined };
  /** Seals TOTP secrets at rest. */
  secretBox: SecretBox;
  /** Cookies carry `Secure` when the app is served over TLS (production). */
  secureCookies: boolean;
  /** bcrypt cost for new hashes; tests lower it. */
  passwordHashCost: number;
  /** Requests per minute per client address on the sign-in, MFA and refresh routes. */
  rateLimits: { signIn: number; mfa: number; refresh: number };
  /** Deployment-wide ceiling on the idle timeout, in seconds (stricter than practices, never looser). */
  idleCapSeconds?: number | undefined;
  now?: () => Date;
}

import type { Database } from '@mentalspace/db';
import type { Redis } from 'ioredis';
import type { AuthDeps } from './auth-deps';
import { memoryChallengeStore, redisChallengeStore } from './challenge-store';
import { createCsrfTokens } from './csrf';
import { createSecretBox } from './secret-box';
import { memorySessionActivity, redisSessionActivity } from './session-activity';
import { createTokenService, signingKeys } from './tokens';

/**
 * Identity wiring from configuration: the first secret signs, the others still verify (rotation),
 * and session activity lives in Redis when instances share it.
 */
export function createAuthDeps(options: {
  database: Database;
  secrets: string[];
  redis?: Redis | undefined;
  secureCookies: boolean;
  passwordHashCost?: number;
  rateLimits?: AuthDeps['rateLimits'];
  idleCapSeconds?: number | undefined;
  webauthn?: { rpId?: string | undefined; origin?: string | undefined };
  now?: () => Date;
}): AuthDeps {
  const keys = signingKeys(options.secrets);
  const clock = options.now;
  return {
    database: options.database,
    tokens: createTokenService(keys, clock ? () => clock().getTime() : Date.now),
    activity: options.redis
      ? redisSessionActivity(options.redis)
      : memorySessionActivity(clock ? () => clock().getTime() : Date.now),
    csrf: createCsrfTokens(keys[0]!.key),
    challenges: options.redis
      ? redisChallengeStore(options.redis)
      : memoryChallengeStore(clock ? () => clock().getTime() : Date.now),
    webauthn: { rpName: 'MentalSpace EHR', ...options.webauthn },
    secretBox: createSecretBox(keys, 'totp'),
    secureCookies: options.secureCookies,
    passwordHashCost: options.passwordHashCost ?? 12,
    rateLimits: options.rateLimits ?? { signIn: 10, mfa: 10, refresh: 30 },
    idleCapSeconds: options.idleCapSeconds,
    ...(clock ? { now: clock } : {}),
  };
}

export { ACCESS_COOKIE } from './cookies';

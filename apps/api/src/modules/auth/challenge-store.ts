import type { Redis } from 'ioredis';

/** Short-lived, single-use WebAuthn challenges, shared by every instance through Redis. */
export interface ChallengeStore {
  put(key: string, challenge: string, ttlSeconds: number): Promise<void>;
  /** Returns and forgets the challenge: a challenge answers one ceremony only. */
  take(key: string): Promise<string | null>;
}

export function redisChallengeStore(redis: Redis): ChallengeStore {
  const k = (key: string) => `ms:webauthn:${key}`;
  return {
    async put(key, challenge, ttlSeconds) {
      await redis.set(k(key), challenge, 'EX', ttlSeconds);
    },
    async take(key) {
      return redis.getdel(k(key));
    },
  };
}

export function memoryChallengeStore(now: () => number = Date.now): ChallengeStore {
  const entries = new Map<string, { challenge: string; until: number }>();
  return {
    async put(key, challenge, ttlSeconds) {
      entries.set(key, { challenge, until: now() + ttlSeconds * 1000 });
    },
    async take(key) {
      const entry = entries.get(key);
      entries.delete(key);
      return entry && entry.until > now() ? entry.challenge : null;
    },
  };
}

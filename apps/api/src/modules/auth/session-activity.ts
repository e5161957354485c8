import type { Redis } from 'ioredis';

/**
 * Which sessions are alive right now, shared by every API instance: a key per session whose TTL
 * is the idle timeout. Each request extends it; revocation deletes it, so "sign out everywhere"
 * and admin revocation take effect on the next request on every instance.
 */
export interface SessionActivity {
  start(sessionId: string, idleSeconds: number): Promise<void>;
  /** Extends the idle window; false when the session has idled out or was revoked. */
  touch(sessionId: string, idleSeconds: number): Promise<boolean>;
  end(sessionIds: string[]): Promise<void>;
  /** Which of these sessions are still within their idle window (without extending them). */
  alive(sessionIds: string[]): Promise<Set<string>>;
}

const key = (sessionId: string) => `ms:session:${sessionId}`;

export function redisSessionActivity(redis: Redis): SessionActivity {
  return {
    async start(sessionId, idleSeconds) {
      await redis.set(key(sessionId), '1', 'EX', idleSeconds);
    },
    async touch(sessionId, idleSeconds) {
      return (await redis.expire(key(sessionId), idleSeconds)) === 1;
    },
    async end(sessionIds) {
      if (sessionIds.length > 0) await redis.del(...sessionIds.map(key));
    },
    async alive(sessionIds) {
      if (sessionIds.length === 0) return new Set();
      const values = await redis.mget(...sessionIds.map(key));
      return new Set(sessionIds.filter((_, i) => values[i] !== null));
    },
  };
}

/** The embedded default: one process, so a map is the shared state. */
export function memorySessionActivity(now: () => number = Date.now): SessionActivity {
  const until = new Map<string, number>();
  return {
    async start(sessionId, idleSeconds) {
      until.set(sessionId, now() + idleSeconds * 1000);
    },
    async touch(sessionId, idleSeconds) {
      const deadline = until.get(sessionId);
      if (deadline === undefined || deadline <= now()) {
        until.delete(sessionId);
        return false;
      }
      until.set(sessionId, now() + idleSeconds * 1000);
      return true;
    },
    async end(sessionIds) {
      for (const id of sessionIds) until.delete(id);
    },
    async alive(sessionIds) {
      return new Set(sessionIds.filter((id) => (until.get(id) ?? 0) > now()));
    },
  };
}

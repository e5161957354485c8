import { Redis } from 'ioredis';

/**
 * Shared state between API instances (rate limits, pub/sub, Socket.IO) lives here in production.
 * Commands fail fast while Redis is down instead of queueing, so readiness reports it at once.
 */
export function openRedis(url: string): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 5_000,
  });
  // Errors surface through commands and readiness; without a listener ioredis logs to stderr.
  redis.on('error', () => undefined);
  return redis;
}

import type { Database } from '@mentalspace/db';
import type { FastifyBaseLogger } from 'fastify';
import { unsafeRunBreachDetection } from '../security/breach-detection/detect';

export const BREACH_DETECTION_INTERVAL_MS = 30_000;

/**
 * Runs the breach-detection rules over newly sealed audit events every 30 seconds. Alerts appear
 * on the Security alerts screen; pushing them in real time arrives with the Socket.IO work.
 */
export function startBreachDetection(
  database: Database,
  logger: FastifyBaseLogger,
  intervalMs = BREACH_DETECTION_INTERVAL_MS,
) {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const { events, alerts } = await unsafeRunBreachDetection(database);
      if (alerts > 0) logger.warn({ events, alerts }, 'breach detection raised security alerts');
    } catch (error) {
      logger.error({ err: error }, 'breach detection failed; retrying on the next tick');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      while (busy) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

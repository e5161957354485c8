import type { Database } from '@mentalspace/db';
import type { FastifyBaseLogger } from 'fastify';
import { unsafeRunBreachDetection } from '../security/breach-detection/detect';
import { startIntervalJob } from './interval-job';

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
  return startIntervalJob(
    'breach-detection',
    async () => {
      const { events, alerts } = await unsafeRunBreachDetection(database);
      if (alerts > 0) logger.warn({ events, alerts }, 'breach detection raised security alerts');
    },
    intervalMs,
    logger,
  );
}

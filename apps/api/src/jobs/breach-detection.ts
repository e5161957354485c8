import type { Database } from '@mentalspace/db';
import type { FastifyBaseLogger } from 'fastify';
import type { RealtimePublisher } from '../realtime/realtime-server';
import { unsafeRunBreachDetection } from '../security/breach-detection/detect';
import { startIntervalJob } from './interval-job';

export const BREACH_DETECTION_INTERVAL_MS = 30_000;

export interface BreachDetectionOptions {
  /** Pushes each new alert to the practice's owners and admins; without it they see it on their next look. */
  realtime?: RealtimePublisher | undefined;
  intervalMs?: number;
}

/**
 * Runs the breach-detection rules over newly sealed audit events every 30 seconds. Alerts appear
 * on the Security alerts screen, and owners and admins with the app open are told at once.
 */
export function startBreachDetection(
  database: Database,
  logger: FastifyBaseLogger,
  options: BreachDetectionOptions = {},
) {
  return startIntervalJob(
    'breach-detection',
    async () => {
      const { events, alerts } = await unsafeRunBreachDetection(database, { realtime: options.realtime });
      if (alerts > 0) logger.warn({ events, alerts }, 'breach detection raised security alerts');
    },
    options.intervalMs ?? BREACH_DETECTION_INTERVAL_MS,
    logger,
  );
}

import type { Database } from '@mentalspace/db';
import type { FastifyBaseLogger } from 'fastify';
import { unsafeQueueReminders } from '../modules/reminders/queue-reminders';
import { startIntervalJob } from './interval-job';

export const REMINDERS_INTERVAL_MS = 60_000;

/** Queues due appointment reminders every minute (dedupe keys keep instances from doubling them). */
export function startAppointmentReminders(
  database: Database,
  publicUrl: () => string,
  logger: FastifyBaseLogger,
  intervalMs = REMINDERS_INTERVAL_MS,
) {
  return startIntervalJob(
    'appointment-reminders',
    async () => {
      const result = await unsafeQueueReminders(database, { publicUrl });
      if (result.queued > 0) logger.info({ queued: result.queued }, 'appointment reminders queued');
    },
    intervalMs,
    logger,
  );
}

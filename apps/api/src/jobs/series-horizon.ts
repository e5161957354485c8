import type { Database } from '@mentalspace/db';
import type { FastifyBaseLogger } from 'fastify';
import { unsafeExtendSeriesHorizon } from '../modules/appointments/series-horizon';
import { startIntervalJob } from './interval-job';

export const SERIES_HORIZON_INTERVAL_MS = 60 * 60_000;

/** Keeps every running series materialized to the rolling horizon, hourly on each instance. */
export function startSeriesHorizon(
  database: Database,
  logger: FastifyBaseLogger,
  intervalMs = SERIES_HORIZON_INTERVAL_MS,
) {
  return startIntervalJob(
    'series-horizon',
    async () => {
      const result = await unsafeExtendSeriesHorizon(database);
      if (result.skipped > 0)
        logger.warn(result, 'series occurrences skipped: their slots were already booked');
    },
    intervalMs,
    logger,
  );
}

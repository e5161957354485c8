import type { Database } from '@mentalspace/db';
import type { FastifyBaseLogger } from 'fastify';
import { unsafeSealAuditEvents } from '../audit/audit-chain';
import { startIntervalJob } from './interval-job';

export const AUDIT_SEAL_INTERVAL_MS = 5_000;

/**
 * Seals new audit events into their practices' hash chains every few seconds, behind the writers.
 * Every instance runs it; per-chain advisory locks keep the chains single-file.
 */
export function startAuditSealer(
  database: Database,
  logger: FastifyBaseLogger,
  intervalMs = AUDIT_SEAL_INTERVAL_MS,
) {
  return startIntervalJob(
    'audit-sealer',
    async () => {
      const { sealed } = await unsafeSealAuditEvents(database);
      if (sealed > 0) logger.debug({ sealed }, 'audit events sealed');
    },
    intervalMs,
    logger,
  );
}

import type { Database } from '@mentalspace/db';
import type { FastifyBaseLogger } from 'fastify';
import { unsafeSealAuditEvents } from '../audit/audit-chain';

export const AUDIT_SEAL_INTERVAL_MS = 5_000;

/**
 * Seals new audit events into their practices' hash chains every few seconds, behind the writers.
 * Every instance runs it; per-chain advisory locks keep the chains single-file. A failed run is
 * logged (no event content) and retried on the next tick.
 */
export function startAuditSealer(
  database: Database,
  logger: FastifyBaseLogger,
  intervalMs = AUDIT_SEAL_INTERVAL_MS,
) {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const { sealed } = await unsafeSealAuditEvents(database);
      if (sealed > 0) logger.debug({ sealed }, 'audit events sealed');
    } catch (error) {
      logger.error({ err: error }, 'audit sealing failed; retrying on the next tick');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return {
    /** Stops the timer and waits for a run in progress, so shutdown never cuts a batch in half. */
    async stop() {
      clearInterval(timer);
      while (busy) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

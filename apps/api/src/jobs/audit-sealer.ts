import type { Database } from '@mentalspace/db';
import type { FastifyBaseLogger } from 'fastify';
import { unsafeSealAuditEvents } from '../audit/audit-chain';
import { unsafeAnchorChainHeads } from '../audit/anchors/anchor-chain-heads';
import type { AuditAnchorStore } from '../audit/anchors/anchor-store';
import { startIntervalJob } from './interval-job';

export const AUDIT_SEAL_INTERVAL_MS = 5_000;
/** How often chain heads are copied out of the database: the newest minute is the exposed tail. */
export const AUDIT_ANCHOR_INTERVAL_MS = 60_000;

/**
 * Seals new audit events into their practices' hash chains every few seconds, behind the writers,
 * and once a minute anchors the chains' heads outside the database. Every instance runs it;
 * per-chain advisory locks keep the chains single-file. Stopping anchors once more, so a clean
 * shutdown leaves no sealed link unanchored.
 */
export function startAuditSealer(
  database: Database,
  anchors: AuditAnchorStore,
  logger: FastifyBaseLogger,
  options: { intervalMs?: number; anchorIntervalMs?: number; now?: () => number } = {},
) {
  const now = options.now ?? Date.now;
  const anchorEvery = options.anchorIntervalMs ?? AUDIT_ANCHOR_INTERVAL_MS;
  let anchoredAt = -Infinity;
  const anchor = async () => {
    const { anchored } = await unsafeAnchorChainHeads(database, anchors);
    anchoredAt = now();
    if (anchored > 0) logger.debug({ anchored }, 'audit chain heads anchored');
  };
  const job = startIntervalJob(
    'audit-sealer',
    async () => {
      const { sealed } = await unsafeSealAuditEvents(database);
      if (sealed > 0) logger.debug({ sealed }, 'audit events sealed');
      if (now() - anchoredAt >= anchorEvery) await anchor();
    },
    options.intervalMs ?? AUDIT_SEAL_INTERVAL_MS,
    logger,
  );
  return {
    async stop() {
      await job.stop();
      try {
        await unsafeSealAuditEvents(database);
        await anchor();
      } catch (error) {
        logger.error({ err: error }, 'audit chain heads could not be anchored at shutdown');
      }
    },
  };
}

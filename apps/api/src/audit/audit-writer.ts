import { auditEvents, type AppTransaction } from '@mentalspace/db';
import type { AccessScope, AuditContext } from '../security/access-scope';

export interface AuditEventInput {
  /** `<resource>.<verb>`, e.g. client.read, auth.sign_in. */
  action: `${string}.${string}`;
  resourceType: string;
  resourceId?: string | null;
  clientId?: string | null;
  outcome?: 'success' | 'denied' | 'failure';
  /** Counts and ids only: never names, note text or search terms. */
  details?: Record<string, string | number | boolean | null>;
  /** Why, where the actor had to say (emergency access): their own words, kept with the event. */
  reason?: string | null;
}

/**
 * Writes one audit event in the caller's transaction, so that the event exists if and only if
 * the action committed. The HIPAA issue adds the hash chain behind this same call.
 */
export async function writeAudit(
  tx: AppTransaction,
  scope: AccessScope,
  context: AuditContext,
  event: AuditEventInput,
): Promise<void> {
  await tx.insert(auditEvents).values({
    practiceId: scope.practiceId,
    actorUserId: scope.actorUserId,
    actorRole: scope.actorRole,
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId ?? null,
    clientId: event.clientId ?? null,
    outcome: event.outcome ?? 'success',
    ip: context.ip ?? null,
    userAgent: context.userAgent?.slice(0, 512) ?? null,
    requestId: context.requestId,
    reason: event.reason ?? null,
    details: event.details ?? null,
  });
}

import { auditEvents, type Database } from '@mentalspace/db';

/**
 * A security event that belongs to no practice (sign-in with an unknown e-mail, a forged token).
 * Written as the owner because no practice scope exists for it.
 */
export async function unsafeWriteSecurityEvent(
  database: Database,
  event: {
    action: string;
    ip?: string | undefined;
    userAgent?: string | undefined;
    requestId: string;
    details?: Record<string, string | number | boolean | null>;
  },
) {
  await database.unsafeOwner.insert(auditEvents).values({
    practiceId: null,
    action: event.action,
    resourceType: 'auth',
    outcome: 'failure',
    ip: event.ip ?? null,
    userAgent: event.userAgent?.slice(0, 512) ?? null,
    requestId: event.requestId,
    details: event.details ?? null,
  });
}

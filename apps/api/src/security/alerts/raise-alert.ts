import { securityAlerts, type AppTransaction } from '@mentalspace/db';
import type { AccessScope } from '../access-scope';

export interface AlertInput {
  kind: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  subjectUserId?: string | null;
  clientId?: string | null;
  /** A sentence for the administrator; no names, no note text. */
  summary: string;
  /** Ids and counts that let an administrator check the alert against the audit log. */
  evidence: Record<string, string | number | boolean | null>;
}

/** Raises an alert in the caller's transaction: it exists if and only if what raised it committed. */
export async function raiseAlert(tx: AppTransaction, scope: AccessScope, alert: AlertInput): Promise<string> {
  const rows = await tx
    .insert(securityAlerts)
    .values({
      practiceId: scope.practiceId,
      kind: alert.kind,
      severity: alert.severity,
      subjectUserId: alert.subjectUserId ?? null,
      clientId: alert.clientId ?? null,
      summary: alert.summary,
      evidence: alert.evidence,
    })
    .returning({ id: securityAlerts.id });
  return rows[0]!.id;
}

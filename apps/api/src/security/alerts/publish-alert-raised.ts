import type { RealtimePublisher } from '../../realtime/realtime-server';
import type { AlertInput } from './raise-alert';

/** The roles that handle security alerts (`canReviewAudit` within a practice). */
const ALERT_ROLES = ['owner', 'admin'] as const;

export interface RaisedAlert {
  practiceId: string;
  alertId: string;
  rule: string;
  severity: AlertInput['severity'];
}

/**
 * Tells the practice's owners and admins, on every open tab, that an alert was raised. Call it
 * only after the transaction that raised the alert committed: an alert that rolled back must never
 * be announced. The payload is the alert's id, rule and severity — no names, no client, no summary:
 * the screen fetches the rest through the audited, role-checked API.
 */
export function publishAlertRaised(realtime: RealtimePublisher | undefined, alert: RaisedAlert) {
  if (!realtime) return;
  const payload = { alertId: alert.alertId, rule: alert.rule, severity: alert.severity };
  for (const role of ALERT_ROLES) realtime.toRole(alert.practiceId, role, 'security.alert_raised', payload);
}

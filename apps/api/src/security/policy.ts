import type { StaffRole } from '@mentalspace/contracts';
import type { AccessScope, PortalPrincipal, Principal } from './access-scope';

/**
 * The one place that turns a principal into what it may reach.
 *
 * - Owners, admins, front desk and billers work across the practice's clients and schedules
 *   (what each may see of a chart is narrowed by the response schemas of the routes they call).
 * - Clinicians reach the clients assigned to them and their own schedule.
 * - Supervisors reach their own caseload and their active supervisees' caseloads and schedules
 *   (resolved in SQL from `supervisions`, so a new supervision applies on the next request).
 * - A super admin works practice-wide in their own practice and across practices only through
 *   the platform routes; every request of theirs is audited before it runs (authenticate plugin).
 */
export function scopeFor(principal: Principal): AccessScope {
  const base = { practiceId: principal.practiceId, actorUserId: principal.userId, actorRole: principal.role };
  switch (principal.role) {
    case 'owner':
    case 'admin':
    case 'super_admin':
    case 'front_desk':
    case 'biller':
      return { ...base, clients: { kind: 'practice' }, schedules: { kind: 'practice' } };
    case 'clinician':
    case 'supervisor': {
      const includeSupervisees = principal.role === 'supervisor';
      return {
        ...base,
        clients: { kind: 'caseload', clinicianIds: [principal.userId], includeSupervisees },
        schedules: { kind: 'clinicians', clinicianIds: [principal.userId], includeSupervisees },
      };
    }
  }
}

/**
 * A portal client reaches exactly one chart, their own, and no schedule: the scope is built from
 * the session, never from anything in the request.
 */
export function portalScopeFor(principal: PortalPrincipal): AccessScope {
  return {
    practiceId: principal.practiceId,
    actorUserId: principal.accountId,
    actorRole: 'client',
    clients: { kind: 'self', clientId: principal.clientId },
    schedules: { kind: 'none' },
  };
}

/**
 * Whether the schedule is certainly in reach without asking the database; supervisors' reach to
 * supervisees is checked in SQL by the caller (`scheduleInReach`).
 */
export function canSeeScheduleDirectly(scope: AccessScope, clinicianId: string): boolean {
  if (scope.schedules.kind === 'none') return false;
  return scope.schedules.kind === 'practice' || scope.schedules.clinicianIds.includes(clinicianId);
}

/** Billers work from charges and claims; they do not register clients. */
export function canCreateClients(scope: AccessScope): boolean {
  return ['owner', 'admin', 'super_admin', 'clinician', 'supervisor', 'front_desk'].includes(scope.actorRole);
}

/** Those who register clients also invite them to the portal. */
export const canInviteToPortal = canCreateClients;

/** Owners and admins manage staff accounts: unlock, reset MFA, deactivate, revoke sessions. */
export function canManageStaff(scope: AccessScope): boolean {
  return scope.actorRole === 'owner' || scope.actorRole === 'admin' || scope.actorRole === 'super_admin';
}

/** Only a super admin sees across practices (the platform routes). */
export function canOperatePlatform(scope: AccessScope): boolean {
  return scope.actorRole === 'super_admin';
}

/** Roles whose every request is written to the audit log before it is allowed to run. */
export function isAuditedBeforeActing(role: string): boolean {
  return role === 'super_admin';
}

/**
 * Which roles a staff manager may grant or take away. Owners grant any role; administrators grant
 * any but owner and cannot change an owner, so nobody raises anyone above themselves.
 */
export function canGrantRole(scope: AccessScope, role: StaffRole, currentRole?: StaffRole): boolean {
  if (!canManageStaff(scope)) return false;
  // The platform role is granted and taken away from the command line only.
  if (role === 'super_admin' || currentRole === 'super_admin') return false;
  if (scope.actorRole === 'owner' || scope.actorRole === 'super_admin') return true;
  return role !== 'owner' && currentRole !== 'owner';
}

/** Owners, admins and front desk assign clinicians to clients (the caseload); clinicians do not. */
export function canAssignCaseload(scope: AccessScope): boolean {
  return ['owner', 'admin', 'super_admin', 'front_desk'].includes(scope.actorRole);
}

/** Owners and admins review the practice's audit trail (and export it); a super admin too. */
export function canReviewAudit(scope: AccessScope): boolean {
  return ['owner', 'admin', 'super_admin'].includes(scope.actorRole);
}

/** Roles that practise: they write and read clinical content for the clients in their reach. */
const CLINICAL_ROLES = ['owner', 'clinician', 'supervisor'];

/**
 * Who receives note bodies, measure answers and risk resolutions. Front desk, billers and
 * administrators see that a note exists (type, date, status, author) but never its content.
 */
export function canReadClinicalContent(scope: AccessScope): boolean {
  return CLINICAL_ROLES.includes(scope.actorRole);
}

/** Who writes notes, records diagnoses and measures, and resolves risk flags. */
export const canWriteClinical = canReadClinicalContent;

/**
 * Who may read and answer a client's secure messages: what a client writes to their therapist is
 * clinical content, so only clinical roles — clinicians and supervisors for the clients in their
 * reach (caseload, supervisees', an emergency grant). Owners and administrators reach the whole
 * practice but read messages only of clients whose care team they are on
 * (`messagesNeedCareTeamSeat`); front desk, billers and the platform's super admin never do.
 */
export function canReadMessages(scope: AccessScope): boolean {
  return ['clinician', 'supervisor', 'owner', 'admin'].includes(scope.actorRole);
}

/** Practice-wide roles must hold a seat on the client's care team to read their messages. */
export function messagesNeedCareTeamSeat(scope: AccessScope): boolean {
  return scope.clients.kind === 'practice';
}

/** Diagnoses are read by everyone on the chart, billers included (claims need them). */
export function canReadDiagnoses(scope: AccessScope): boolean {
  return scope.actorRole !== 'client';
}

/** Who keeps a client's contacts: those who register clients. */
export const canEditContacts = canCreateClients;

/** Who keeps a client's insurance: front desk and billers, clinicians, owners and admins. */
export function canEditInsurance(scope: AccessScope): boolean {
  return canCreateClients(scope) || scope.actorRole === 'biller';
}

/**
 * Who may see a client's full SSN (the audited reveal), look a client up by it, or set it: the
 * practice's registration and billing roles, and the clinicians whose caseload holds the client.
 * Everyone who opens the chart sees the last four digits only. A super admin operates the platform
 * and has no use for it; emergency access opens a chart for care, not for its identifiers (the
 * service checks that the reach is not by emergency grant alone).
 */
export function canUseSsn(scope: AccessScope): boolean {
  return ['owner', 'admin', 'front_desk', 'biller', 'clinician', 'supervisor'].includes(scope.actorRole);
}

/**
 * Who may book, move, cancel or check in appointments on a clinician's schedule: the practice's
 * schedulers (owners, admins, front desk; billers read schedules but do not change them) and a
 * clinician on their own schedule.
 */
export function canManageSchedule(scope: AccessScope, clinicianId: string): boolean {
  if (scope.actorRole === 'biller' || scope.actorRole === 'client') return false;
  if (scope.schedules.kind === 'none') return false;
  return scope.schedules.kind === 'practice' || scope.schedules.clinicianIds.includes(clinicianId);
}

/** Appointment types, rooms, scheduling settings and every clinician's hours: owners and admins. */
export function canConfigureScheduling(scope: AccessScope): boolean {
  return scope.actorRole === 'owner' || scope.actorRole === 'admin' || scope.actorRole === 'super_admin';
}

/**
 * Whoever holds a waitlist offer's link acts as that client, for that offer only: no chart and no
 * schedule. The audit trail records the client as the actor.
 */
export function offerLinkScopeFor(offer: { practiceId: string; clientId: string }): AccessScope {
  return {
    practiceId: offer.practiceId,
    actorUserId: offer.clientId,
    actorRole: 'client',
    clients: { kind: 'self', clientId: offer.clientId },
    schedules: { kind: 'none' },
  };
}

import type { StaffRole } from '@mentalspace/contracts';

/** A staff member, as established by authentication (or the development guard). */
export interface Principal {
  userId: string;
  practiceId: string;
  role: StaffRole;
  /** The signed-in session; absent for the test principal header and system actions. */
  sessionId?: string;
}

/**
 * What the caller may reach, decided once per request by the policy module. Every repo function
 * takes one as its first argument and builds its where-clause from it.
 */
/** A client signed in to the portal: their own record and nothing else. */
export interface PortalPrincipal {
  accountId: string;
  clientId: string;
  practiceId: string;
  sessionId: string;
}

export interface AccessScope {
  readonly practiceId: string;
  /** The staff user, or the portal account for a client. */
  readonly actorUserId: string;
  readonly actorRole: StaffRole | 'client';
  /** Which clients' charts: the practice, a caseload, or (portal) the client's own record only. */
  readonly clients:
    | { kind: 'practice' }
    | { kind: 'self'; clientId: string }
    | {
        kind: 'caseload';
        clinicianIds: readonly string[];
        /** Supervisors also reach the caseloads of their active supervisees. */
        includeSupervisees: boolean;
      };
  /** Whose schedules: everyone's in the practice, or only the listed clinicians'. */
  readonly schedules:
    | { kind: 'none' }
    | { kind: 'practice' }
    | { kind: 'clinicians'; clinicianIds: readonly string[]; includeSupervisees: boolean };
}

/** Request facts every audit event records. */
export interface AuditContext {
  requestId: string;
  ip: string | undefined;
  userAgent: string | undefined;
}

import type { StaffRole } from '@mentalspace/contracts';

/** Who is calling, as established by authentication (today: the development guard). */
export interface Principal {
  userId: string;
  practiceId: string;
  role: StaffRole;
  /** The signed-in session; absent for the development guard. */
  sessionId?: string;
}

/**
 * What the caller may reach, decided once per request by the policy module. Every repo function
 * takes one as its first argument and builds its where-clause from it.
 */
export interface AccessScope {
  readonly practiceId: string;
  readonly actorUserId: string;
  readonly actorRole: StaffRole;
  /** Which clients' charts: the whole practice, or the caseload of the listed clinicians. */
  readonly clients:
    | { kind: 'practice' }
    | {
        kind: 'caseload';
        clinicianIds: readonly string[];
        /** Supervisors also reach the caseloads of their active supervisees. */
        includeSupervisees: boolean;
      };
  /** Whose schedules: everyone's in the practice, or only the listed clinicians'. */
  readonly schedules:
    | { kind: 'practice' }
    | { kind: 'clinicians'; clinicianIds: readonly string[]; includeSupervisees: boolean };
}

/** Request facts every audit event records. */
export interface AuditContext {
  requestId: string;
  ip: string | undefined;
  userAgent: string | undefined;
}

import { practices, supervisions, users, type AppTransaction } from '@mentalspace/db';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

const staffColumns = {
  id: users.id,
  firstName: users.firstName,
  lastName: users.lastName,
  credentials: users.credentials,
  role: users.role,
  timeZone: users.timeZone,
};

export async function listStaff(tx: AppTransaction, scope: AccessScope, filter: { clinicalOnly: boolean }) {
  return tx
    .select(staffColumns)
    .from(users)
    .where(
      and(
        eq(users.practiceId, scope.practiceId),
        eq(users.status, 'active'),
        filter.clinicalOnly ? inArray(users.role, ['clinician', 'supervisor']) : undefined,
      ),
    )
    .orderBy(asc(users.lastName), asc(users.firstName));
}

export async function findSessionUser(tx: AppTransaction, scope: AccessScope) {
  const rows = await tx
    .select({
      user: { ...staffColumns, email: users.email },
      practice: { id: practices.id, name: practices.name, timeZone: practices.timeZone },
      securitySettings: practices.securitySettings,
    })
    .from(users)
    .innerJoin(practices, eq(practices.id, users.practiceId))
    .where(and(eq(users.practiceId, scope.practiceId), eq(users.id, scope.actorUserId)))
    .limit(1);
  return rows[0] ?? null;
}

/** DEVELOPMENT ONLY: every active staff member of every practice, for the guard's user picker. */
export async function findActiveClinician(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.practiceId, scope.practiceId),
        eq(users.id, id),
        eq(users.status, 'active'),
        inArray(users.role, ['clinician', 'supervisor']),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

export async function findActiveSupervision(
  tx: AppTransaction,
  scope: AccessScope,
  supervisorId: string,
  superviseeId: string,
) {
  const rows = await tx
    .select({ id: supervisions.id })
    .from(supervisions)
    .where(
      and(
        eq(supervisions.practiceId, scope.practiceId),
        eq(supervisions.supervisorId, supervisorId),
        eq(supervisions.superviseeId, superviseeId),
        eq(supervisions.active, true),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

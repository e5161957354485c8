import { practices, staffInvitations, users, type AppTransaction, type Database } from '@mentalspace/db';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { StaffRole } from '@mentalspace/contracts';
import type { AccessScope } from '../../security/access-scope';

/** The invited person's account: active, in the practice's time zone, no password until they set one. */
export async function insertInvitedUser(
  tx: AppTransaction,
  scope: AccessScope,
  values: { email: string; firstName: string; lastName: string; credentials: string | null; role: StaffRole },
) {
  const rows = await tx
    .insert(users)
    .values({
      ...values,
      practiceId: scope.practiceId,
      timeZone: sql`(select ${practices.timeZone} from ${practices} where ${practices.id} = ${scope.practiceId})`,
    })
    .returning({ id: users.id });
  return rows[0]!.id;
}

export async function insertStaffInvitation(
  tx: AppTransaction,
  scope: AccessScope,
  values: { userId: string; tokenHash: string; expiresAt: Date },
) {
  const rows = await tx
    .insert(staffInvitations)
    .values({ ...values, practiceId: scope.practiceId, createdBy: scope.actorUserId })
    .returning({ id: staffInvitations.id });
  return rows[0]!.id;
}

/** Closes the open invitation of a person, if any (a new link replaces it). */
export async function revokeOpenStaffInvitations(tx: AppTransaction, scope: AccessScope, userId: string) {
  await tx
    .update(staffInvitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(staffInvitations.practiceId, scope.practiceId),
        eq(staffInvitations.userId, userId),
        isNull(staffInvitations.usedAt),
        isNull(staffInvitations.revokedAt),
      ),
    );
}

const inviter = alias(users, 'inviter');

function invitationQuery(tx: AppTransaction, scope: AccessScope) {
  return tx
    .select({
      id: staffInvitations.id,
      userId: users.id,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      role: users.role,
      expiresAt: staffInvitations.expiresAt,
      createdAt: staffInvitations.createdAt,
      invitedBy: sql<string>`${inviter.firstName} || ' ' || ${inviter.lastName}`,
    })
    .from(staffInvitations)
    .innerJoin(users, eq(users.id, staffInvitations.userId))
    .innerJoin(inviter, eq(inviter.id, staffInvitations.createdBy))
    .where(
      and(
        eq(staffInvitations.practiceId, scope.practiceId),
        isNull(staffInvitations.usedAt),
        isNull(staffInvitations.revokedAt),
      ),
    )
    .$dynamic();
}

/** Open invitations (expired ones too: the list offers a new link for them), oldest first. */
export async function listOpenStaffInvitations(tx: AppTransaction, scope: AccessScope) {
  return invitationQuery(tx, scope).orderBy(asc(staffInvitations.createdAt)).limit(500);
}

export async function findOpenStaffInvitation(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await invitationQuery(tx, scope)
    .where(
      and(
        eq(staffInvitations.practiceId, scope.practiceId),
        eq(staffInvitations.id, id),
        isNull(staffInvitations.usedAt),
        isNull(staffInvitations.revokedAt),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

export async function revokeStaffInvitation(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .update(staffInvitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(staffInvitations.practiceId, scope.practiceId),
        eq(staffInvitations.id, id),
        isNull(staffInvitations.usedAt),
        isNull(staffInvitations.revokedAt),
      ),
    )
    .returning({ userId: staffInvitations.userId });
  return rows[0]?.userId ?? null;
}

/** An account never activated (no password) is disabled when its invitation is withdrawn. */
export async function disableIfNeverActivated(tx: AppTransaction, scope: AccessScope, userId: string) {
  await tx
    .update(users)
    .set({ status: 'disabled' })
    .where(and(eq(users.practiceId, scope.practiceId), eq(users.id, userId), isNull(users.passwordHash)));
}

/** Acceptance arrives with only the link's token: find its open, unexpired invitation in any practice. */
export async function unsafeFindStaffInvitationByToken(database: Database, tokenHash: string, now: Date) {
  const rows = await database.unsafeOwner
    .select({
      id: staffInvitations.id,
      practiceId: staffInvitations.practiceId,
      userId: users.id,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      role: users.role,
      securitySettings: practices.securitySettings,
    })
    .from(staffInvitations)
    .innerJoin(users, eq(users.id, staffInvitations.userId))
    .innerJoin(practices, eq(practices.id, staffInvitations.practiceId))
    .where(
      and(
        eq(staffInvitations.tokenHash, tokenHash),
        isNull(staffInvitations.usedAt),
        isNull(staffInvitations.revokedAt),
        gt(staffInvitations.expiresAt, now),
        eq(users.status, 'active'),
        isNull(users.passwordHash),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** Marks the invitation used, once: false when another request used or revoked it first. */
export async function useStaffInvitation(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .update(staffInvitations)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(staffInvitations.practiceId, scope.practiceId),
        eq(staffInvitations.id, id),
        isNull(staffInvitations.usedAt),
        isNull(staffInvitations.revokedAt),
      ),
    )
    .returning({ id: staffInvitations.id });
  return rows.length === 1;
}

export async function setInitialPassword(
  tx: AppTransaction,
  scope: AccessScope,
  userId: string,
  passwordHash: string,
) {
  const rows = await tx
    .update(users)
    .set({ passwordHash, passwordChangedAt: new Date() })
    .where(and(eq(users.practiceId, scope.practiceId), eq(users.id, userId), isNull(users.passwordHash)))
    .returning({ id: users.id });
  return rows.length === 1;
}

export async function updateStaffRole(
  tx: AppTransaction,
  scope: AccessScope,
  userId: string,
  role: StaffRole,
) {
  await tx
    .update(users)
    .set({ role, updatedAt: new Date() })
    .where(and(eq(users.practiceId, scope.practiceId), eq(users.id, userId)));
}

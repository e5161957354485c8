import { StaffRoleSchema } from '@mentalspace/contracts';
import { users, type Database } from '@mentalspace/db';
import { eq, sql } from 'drizzle-orm';
import { writeAudit } from '../../audit/audit-writer';
import { scopeFor } from '../../security/policy';
import { revokeUserSessions } from './session-repo';

/**
 * Makes an existing, active staff account a super admin (or takes the role back to `owner`). The
 * API never grants this role; an operator with database access runs `npm run super-admin` on the
 * server. Audited in the account's practice, in the same transaction as the change.
 */
export async function unsafeSetSuperAdmin(
  database: Database,
  email: string,
  grant: boolean,
): Promise<'granted' | 'revoked' | 'unchanged' | 'no_such_account'> {
  const [user] = await database.unsafeOwner
    .select({ id: users.id, practiceId: users.practiceId, role: users.role, status: users.status })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()))
    .limit(1);
  if (!user || user.status !== 'active') return 'no_such_account';
  const isSuper = user.role === 'super_admin';
  if (isSuper === grant) return 'unchanged';
  const role = grant ? 'super_admin' : 'owner';
  const scope = scopeFor({ userId: user.id, practiceId: user.practiceId, role: StaffRoleSchema.parse(role) });
  await database.inPractice(user.practiceId, async (tx) => {
    await tx.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, user.id));
    // Refresh stops at once; an access token already issued lapses within its five minutes.
    const ended = await revokeUserSessions(tx, scope, user.id, 'role_changed');
    await writeAudit(
      tx,
      scope,
      { requestId: 'command-line', ip: undefined, userAgent: 'npm run super-admin' },
      {
        action: 'staff.role_changed',
        resourceType: 'user',
        resourceId: user.id,
        details: { from: user.role, to: role, via: 'command_line', sessionsEnded: ended.length },
      },
    );
  });
  return grant ? 'granted' : 'revoked';
}

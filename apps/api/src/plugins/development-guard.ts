import { practices, users, type Database } from '@mentalspace/db';
import { StaffRoleSchema, UuidSchema } from '@mentalspace/contracts';
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../app-error';
import type { Principal } from '../security/access-scope';

export const DEV_USER_HEADER = 'x-dev-user-id';
const CACHE_TTL_MS = 10_000;

/**
 * DEVELOPMENT ONLY. Stands in for sign-in until the identity module lands: the caller is the
 * active staff member named by the `x-dev-user-id` header, or the first practice owner when the
 * header is absent. Registered only when the config says `developmentGuard` (never in production).
 */
export function createDevelopmentGuard(database: Database) {
  const cache = new Map<string, { principal: Principal | null; until: number }>();

  async function unsafeLookup(userId: string | null): Promise<Principal | null> {
    const where = userId
      ? and(eq(users.id, userId), eq(users.status, 'active'))
      : and(eq(users.role, 'owner'), eq(users.status, 'active'));
    const rows = await database.unsafeOwner
      .select({ userId: users.id, practiceId: users.practiceId, role: users.role })
      .from(users)
      .innerJoin(practices, eq(practices.id, users.practiceId))
      .where(where)
      .orderBy(asc(practices.createdAt), asc(users.createdAt))
      .limit(1);
    const row = rows[0];
    return row ? { ...row, role: StaffRoleSchema.parse(row.role) } : null;
  }

  return {
    async principalFor(request: FastifyRequest): Promise<Principal | null> {
      const header = request.headers[DEV_USER_HEADER];
      const raw = Array.isArray(header) ? header[0] : header;
      if (raw !== undefined && !UuidSchema.safeParse(raw).success) {
        throw new AppError('unauthenticated', `${DEV_USER_HEADER} must be a staff user id`);
      }
      const key = raw ?? 'default';
      const now = Date.now();
      const hit = cache.get(key);
      if (hit && hit.until > now) return hit.principal;
      const principal = await unsafeLookup(raw ?? null);
      if (principal) cache.set(key, { principal, until: now + CACHE_TTL_MS });
      return principal;
    },
  };
}

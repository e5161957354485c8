import { practices, users, type Database } from '@mentalspace/db';
import { StaffRoleSchema, UuidSchema } from '@mentalspace/contracts';
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../app-error';
import type { Principal } from '../security/access-scope';

export const TEST_USER_HEADER = 'x-test-user-id';
const CACHE_TTL_MS = 10_000;

/**
 * TESTS AND THE BENCHMARK ONLY (`buildApp({ testPrincipalHeader: true })`; the server never sets
 * it). A request without a session cookie names its caller, an active staff member, in the
 * `x-test-user-id` header, so that API tests can act as any role without a sign-in per test.
 * No header, no caller: the route answers 401 as it would in production.
 */
export function createTestPrincipalHeader(database: Database) {
  // Cached briefly so that a test's query counts are the route's own.
  const cache = new Map<string, { principal: Principal | null; until: number }>();
  return {
    async principalFor(request: FastifyRequest): Promise<Principal | null> {
      const header = request.headers[TEST_USER_HEADER];
      const raw = Array.isArray(header) ? header[0] : header;
      if (raw === undefined) return null;
      if (!UuidSchema.safeParse(raw).success)
        throw new AppError('unauthenticated', `${TEST_USER_HEADER} must be a staff user id`);
      const hit = cache.get(raw);
      if (hit && hit.until > Date.now()) return hit.principal;
      const rows = await database.unsafeOwner
        .select({ userId: users.id, practiceId: users.practiceId, role: users.role })
        .from(users)
        .innerJoin(practices, eq(practices.id, users.practiceId))
        .where(and(eq(users.id, raw), eq(users.status, 'active')))
        .limit(1);
      const row = rows[0];
      const principal = row ? { ...row, role: StaffRoleSchema.parse(row.role) } : null;
      if (principal) cache.set(raw, { principal, until: Date.now() + CACHE_TTL_MS });
      return principal;
    },
  };
}

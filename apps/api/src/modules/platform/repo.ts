import { clients, practices, users, type Database } from '@mentalspace/db';
import { asc, sql } from 'drizzle-orm';

/**
 * Every practice with its size, across tenants: the only cross-practice read in the API, for super
 * admins, whose request is audited before it reaches this (see audit-before-acting.ts).
 */
export async function unsafeListPractices(database: Database) {
  return database.unsafeOwner
    .select({
      id: practices.id,
      name: practices.name,
      timeZone: practices.timeZone,
      createdAt: practices.createdAt,
      staffCount: sql<number>`(select count(*)::int from ${users} u where u.practice_id = ${practices}.id and u.status = 'active')`,
      clientCount: sql<number>`(select count(*)::int from ${clients} c where c.practice_id = ${practices}.id)`,
    })
    .from(practices)
    .orderBy(asc(practices.name))
    .limit(1000);
}

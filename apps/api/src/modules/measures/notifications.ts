import { notFound } from '../../app-error';
import type { ServiceContext } from '../../plugins/authenticate';
import { listNotifications, markNotificationRead } from './repo';

/**
 * The caller's own notifications, newest first. No audit: each names at most a client the caller
 * already reaches (looked up now, never stored) and no clinical content.
 */
export async function myNotifications(ctx: ServiceContext) {
  const rows = await ctx.database.inPractice(ctx.scope.practiceId, (tx) => listNotifications(tx, ctx.scope));
  return {
    items: rows.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
    })),
  };
}

export async function readNotification(ctx: ServiceContext, id: string) {
  const done = await ctx.database.inPractice(ctx.scope.practiceId, (tx) =>
    markNotificationRead(tx, ctx.scope, id),
  );
  if (!done) throw notFound('Unread notification');
}

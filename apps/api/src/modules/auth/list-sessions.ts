import type { ServiceContext } from '../../plugins/authenticate';
import { listLiveSessions } from './session-repo';
import type { SessionActivity } from './session-activity';

type SessionRow = Awaited<ReturnType<typeof listLiveSessions>>[number];

/** The rows still inside their idle window, shaped for the API. */
export async function liveSessionsView(
  activity: SessionActivity,
  rows: SessionRow[],
  currentSessionId?: string,
) {
  const alive = await activity.alive(rows.map((r) => r.id));
  return {
    items: rows
      .filter((r) => alive.has(r.id))
      .map((r) => ({
        ...r,
        createdAt: r.createdAt.toISOString(),
        expiresAt: r.expiresAt.toISOString(),
        current: r.id === currentSessionId,
      })),
  };
}

/** The caller's sessions that are neither revoked, expired nor idled out. */
export async function listSessions(
  activity: SessionActivity,
  ctx: ServiceContext,
  currentSessionId: string | undefined,
) {
  const rows = await ctx.database.inPractice(ctx.scope.practiceId, (tx) =>
    listLiveSessions(tx, ctx.scope, ctx.scope.actorUserId),
  );
  return liveSessionsView(activity, rows, currentSessionId);
}

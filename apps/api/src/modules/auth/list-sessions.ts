import type { ServiceContext } from '../../plugins/authenticate';
import { listLiveSessions } from './repo';

export async function listSessions(ctx: ServiceContext, currentSessionId: string | undefined) {
  const rows = await ctx.database.inPractice(ctx.scope.practiceId, (tx) =>
    listLiveSessions(tx, ctx.scope, ctx.scope.actorUserId),
  );
  return {
    items: rows.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      current: r.id === currentSessionId,
    })),
  };
}

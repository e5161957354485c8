import type { Session, StaffList } from '@mentalspace/contracts';
import { AppError } from '../../app-error';
import { idleTimeoutSeconds, securitySettings } from '../auth/security-settings';
import type { ServiceContext } from '../../plugins/authenticate';
import { findActiveClinician, findActiveSupervision, findSessionUser, listStaff } from './repo';

export async function listPracticeStaff(ctx: ServiceContext, clinicalOnly: boolean): Promise<StaffList> {
  const items = await ctx.database.inPractice(ctx.scope.practiceId, (tx) =>
    listStaff(tx, ctx.scope, { clinicalOnly }),
  );
  return { items };
}

/** `viaDevelopmentGuard`: the caller came from the development guard, not a signed-in session. */
export async function getSession(ctx: ServiceContext, idleCapSeconds?: number): Promise<Session> {
  const found = await ctx.database.inPractice(ctx.scope.practiceId, (tx) => findSessionUser(tx, ctx.scope));
  // The account was disabled or removed after the caller was established.
  if (!found) throw new AppError('unauthenticated', 'Sign in to continue');
  const { securitySettings: stored, ...rest } = found;
  return {
    ...rest,
    idleTimeoutSeconds: idleTimeoutSeconds(securitySettings(stored), idleCapSeconds),
  };
}

/** For other modules, inside their transaction: is this an active clinician of the practice? */
export async function isActiveClinician(
  tx: Parameters<typeof findActiveClinician>[0],
  ctx: Pick<ServiceContext, 'scope'>,
  id: string,
): Promise<boolean> {
  return (await findActiveClinician(tx, ctx.scope, id)) !== null;
}

/** For other modules, inside their transaction: does this supervisor actively supervise them? */
export async function isSuperviseeOf(
  tx: Parameters<typeof findActiveSupervision>[0],
  ctx: Pick<ServiceContext, 'scope'>,
  supervisorId: string,
  superviseeId: string,
): Promise<boolean> {
  return (await findActiveSupervision(tx, ctx.scope, supervisorId, superviseeId)) !== null;
}

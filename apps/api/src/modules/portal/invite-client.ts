import { createHash, randomBytes } from 'node:crypto';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { canInviteToPortal } from '../../security/policy';
import { isClientInReach } from '../clients/service';
import { closeOpenInvitations, insertInvitation } from './repo';

export const INVITATION_HOURS = 72;
export const hashInvitationToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Invites a client to the portal: a single-use link that expires in 72 hours and replaces any
 * earlier open invitation. The token is returned once and stored only as a hash. (Sending it by
 * e-mail arrives with the notifications work; staff hand it over meanwhile.)
 */
export async function inviteClientToPortal(
  ctx: ServiceContext,
  clientId: string,
  email: string,
  now = new Date(),
) {
  if (!canInviteToPortal(ctx.scope))
    throw new AppError('forbidden', 'Your role cannot invite clients to the portal');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + INVITATION_HOURS * 3_600_000);
  const invited = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await isClientInReach(tx, ctx, clientId))) return false;
    await closeOpenInvitations(tx, ctx.scope, clientId);
    await insertInvitation(tx, ctx.scope, {
      clientId,
      email,
      tokenHash: hashInvitationToken(token),
      expiresAt,
    });
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'portal.invitation_created',
      resourceType: 'client',
      resourceId: clientId,
      clientId,
    });
    return true;
  });
  if (!invited) throw notFound('Client');
  // The token travels in the fragment, which browsers never send to servers or in referrers.
  return { invitePath: `/portal/accept#token=${token}`, expiresAt: expiresAt.toISOString() };
}

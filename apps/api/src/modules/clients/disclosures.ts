import type { RecordDisclosureBody } from '@mentalspace/contracts';
import { disclosures, users, type AppTransaction } from '@mentalspace/db';
import { and, desc, eq, sql } from 'drizzle-orm';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { AccessScope } from '../../security/access-scope';
import { canCreateClients } from '../../security/policy';
import { findClientById } from './repo';

async function listFor(tx: AppTransaction, scope: AccessScope, clientId: string) {
  return tx
    .select({
      id: disclosures.id,
      disclosedOn: disclosures.disclosedOn,
      recipient: disclosures.recipient,
      recipientAddress: disclosures.recipientAddress,
      description: disclosures.description,
      purpose: disclosures.purpose,
      basis: disclosures.basis,
      recordedByName: sql<string>`${users.firstName} || ' ' || ${users.lastName}`,
      createdAt: disclosures.createdAt,
    })
    .from(disclosures)
    .innerJoin(users, eq(users.id, disclosures.recordedBy))
    .where(and(eq(disclosures.practiceId, scope.practiceId), eq(disclosures.clientId, clientId)))
    .orderBy(desc(disclosures.disclosedOn), desc(disclosures.createdAt))
    .limit(500);
}

type Row = Awaited<ReturnType<typeof listFor>>[number];
const view = (r: Row) => ({ ...r, createdAt: r.createdAt.toISOString() });

/**
 * The client's accounting of disclosures (HIPAA §164.528): every release of their information
 * outside the practice. Reading it is audited like any chart read.
 */
export async function listDisclosures(ctx: ServiceContext, clientId: string) {
  const rows = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const client = await findClientById(tx, ctx.scope, clientId);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'client.disclosures_read',
      resourceType: 'client',
      resourceId: clientId,
      clientId: client ? clientId : null,
      outcome: client ? 'success' : 'denied',
    });
    return client ? listFor(tx, ctx.scope, clientId) : null;
  });
  if (!rows) throw notFound('Client');
  return { items: rows.map(view) };
}

/** Records a release of information; the record and its audit event commit together. */
export async function recordDisclosure(ctx: ServiceContext, clientId: string, body: RecordDisclosureBody) {
  const outcome = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await findClientById(tx, ctx.scope, clientId))) return null;
    if (!canCreateClients(ctx.scope)) return 'forbidden' as const;
    const [row] = await tx
      .insert(disclosures)
      .values({
        practiceId: ctx.scope.practiceId,
        clientId,
        disclosedOn: body.disclosedOn,
        recipient: body.recipient,
        recipientAddress: body.recipientAddress ?? null,
        description: body.description,
        purpose: body.purpose,
        basis: body.basis,
        recordedBy: ctx.scope.actorUserId,
      })
      .returning({ id: disclosures.id });
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'client.disclosure_recorded',
      resourceType: 'disclosure',
      resourceId: row!.id,
      clientId,
      details: { basis: body.basis },
    });
    return (await listFor(tx, ctx.scope, clientId)).find((d) => d.id === row!.id)!;
  });
  if (outcome === null) throw notFound('Client');
  if (outcome === 'forbidden') throw new AppError('forbidden', 'Your role cannot record disclosures');
  return view(outcome);
}

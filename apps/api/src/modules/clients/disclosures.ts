import type { RecordDisclosureBody } from '@mentalspace/contracts';
import { disclosures, users, type AppTransaction } from '@mentalspace/db';
import { and, desc, eq, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { AccessScope } from '../../security/access-scope';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
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

const bound = (id: string, column: string) => `disclosures:${column}:${id}`;

const view = (phi: PhiCipher, r: Row) => ({
  ...r,
  recipient: phi.decrypt(r.recipient, bound(r.id, 'recipient')),
  recipientAddress:
    r.recipientAddress === null ? null : phi.decrypt(r.recipientAddress, bound(r.id, 'recipientAddress')),
  description: phi.decrypt(r.description, bound(r.id, 'description')),
  purpose: phi.decrypt(r.purpose, bound(r.id, 'purpose')),
  createdAt: r.createdAt.toISOString(),
});

/**
 * The client's accounting of disclosures (HIPAA §164.528): every release of their information
 * outside the practice. Reading it is audited like any chart read.
 */
export async function listDisclosures(ctx: ServiceContext, phi: PhiCipher, clientId: string) {
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
  return { items: rows.map((r) => view(phi, r)) };
}

/** Records a release of information; the record and its audit event commit together. */
export async function recordDisclosure(
  ctx: ServiceContext,
  phi: PhiCipher,
  clientId: string,
  body: RecordDisclosureBody,
) {
  const id = uuidv7();
  const outcome = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await findClientById(tx, ctx.scope, clientId))) return null;
    if (!canCreateClients(ctx.scope)) return 'forbidden' as const;
    const [row] = await tx
      .insert(disclosures)
      .values({
        id,
        practiceId: ctx.scope.practiceId,
        clientId,
        disclosedOn: body.disclosedOn,
        recipient: phi.encrypt(body.recipient, bound(id, 'recipient')),
        recipientAddress: body.recipientAddress
          ? phi.encrypt(body.recipientAddress, bound(id, 'recipientAddress'))
          : null,
        description: phi.encrypt(body.description, bound(id, 'description')),
        purpose: phi.encrypt(body.purpose, bound(id, 'purpose')),
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
  return view(phi, outcome);
}

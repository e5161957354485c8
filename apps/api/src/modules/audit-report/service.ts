import type { AuditEvent, AuditExportQuery, AuditQuery } from '@mentalspace/contracts';
import { z } from 'zod';
import { AppError } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { canReviewAudit } from '../../security/policy';
import { csvRow } from './csv';
import { listAuditEvents, type AuditCursor } from './repo';

export const EXPORT_LIMIT = 50_000;
const CursorSchema = z.tuple([z.string().min(1).max(40), z.uuid()]);

const refused = () => new AppError('forbidden', 'Only owners and administrators review the audit trail');

function decodeCursor(raw: string | undefined): AuditCursor | null {
  if (!raw) return null;
  try {
    return CursorSchema.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('validation_failed', 'query.cursor is not a cursor returned by this endpoint', {
      fieldErrors: [{ field: 'query.cursor', message: 'is not a cursor returned by this endpoint' }],
    });
  }
}
const encodeCursor = (cursor: AuditCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

type Row = Awaited<ReturnType<typeof listAuditEvents>>[number];
const view = ({ cursorAt: _cursorAt, ...row }: Row): AuditEvent => ({
  ...row,
  occurredAt: row.occurredAt.toISOString(),
  details: row.details ?? null,
});

/** Filters named in the audit of the report itself: which, never their values (they may name a client). */
const filtersUsed = (query: AuditExportQuery) =>
  (['userId', 'clientId', 'action', 'outcome', 'from', 'to'] as const)
    .filter((k) => query[k] !== undefined)
    .join(',');

/** A page of the audit report. Reading the trail is itself audited. */
export async function getAuditPage(ctx: ServiceContext, query: AuditQuery) {
  if (!canReviewAudit(ctx.scope)) throw refused();
  const after = decodeCursor(query.cursor);
  return ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const rows = await listAuditEvents(tx, ctx.scope, query, query.limit + 1, after);
    const page = rows.slice(0, query.limit);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'audit.report_viewed',
      resourceType: 'audit_log',
      details: { returned: page.length, filters: filtersUsed(query) || null },
    });
    const last = page.at(-1);
    return {
      items: page.map(view),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.cursorAt, last.id]) : null,
    };
  });
}

const HEADER = [
  'occurred_at',
  'actor',
  'actor_role',
  'action',
  'outcome',
  'resource_type',
  'resource_id',
  'client_id',
  'ip',
  'request_id',
  'reason',
  'details',
];

/** The report as CSV (at most 50,000 events; narrower filters otherwise). The export is audited. */
export async function exportAuditCsv(ctx: ServiceContext, query: AuditExportQuery): Promise<string> {
  if (!canReviewAudit(ctx.scope)) throw refused();
  return ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const rows = await listAuditEvents(tx, ctx.scope, query, EXPORT_LIMIT + 1, null);
    if (rows.length > EXPORT_LIMIT)
      throw new AppError(
        'validation_failed',
        `More than ${EXPORT_LIMIT} events match; narrow the date range`,
        {
          fieldErrors: [{ field: 'query.from', message: `more than ${EXPORT_LIMIT} events match` }],
        },
      );
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'audit.exported',
      resourceType: 'audit_log',
      details: { rows: rows.length, filters: filtersUsed(query) || null },
    });
    return (
      csvRow(HEADER) +
      rows
        .map((r) =>
          csvRow([
            r.occurredAt,
            r.actorName ?? r.actorUserId,
            r.actorRole,
            r.action,
            r.outcome,
            r.resourceType,
            r.resourceId,
            r.clientId,
            r.ip,
            r.requestId,
            r.reason,
            r.details,
          ]),
        )
        .join('')
    );
  });
}

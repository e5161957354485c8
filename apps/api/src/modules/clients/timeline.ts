import {
  CONSENT_DOCUMENTS,
  INSTRUMENTS,
  NOTE_TYPE_LABELS,
  type ConsentDocumentId,
  type InstrumentId,
  type NoteType,
  type TimelineEntry,
  type TimelineQuerySchema,
} from '@mentalspace/contracts';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { notFound } from '../../app-error';
import { decodeCursor, encodeCursor } from '../../keyset-cursor';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { canReadClinicalContent } from '../../security/policy';
import { clientIsInReach } from './repo';

const CursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

interface Row {
  kind: TimelineEntry['kind'];
  id: string;
  at: string;
  a: string | null;
  b: string | null;
  c: string | null;
}

/**
 * Everything that happened on a chart, newest first, in one statement over the tables' own
 * indexes: appointments, notes (type and status only), diagnoses, treatment plans, consents, and
 * for clinical roles measure scores. Keyset pages by (time, id).
 */
export async function clientTimeline(
  ctx: ServiceContext,
  clientId: string,
  query: z.output<typeof TimelineQuerySchema>,
) {
  const after = query.cursor ? decodeCursor(CursorSchema, query.cursor) : null;
  const clinical = canReadClinicalContent(ctx.scope);
  const rows = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const client = await clientIsInReach(tx, ctx.scope, clientId);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'client.timeline_read',
      resourceType: 'client',
      resourceId: clientId,
      clientId: client ? clientId : null,
      outcome: client ? 'success' : 'denied',
    });
    if (!client) return null;
    const p = ctx.scope.practiceId;
    const measures = clinical
      ? sql`union all select 'measure', id, completed_at, instrument_id, total::text, severity
          from measure_responses where practice_id = ${p} and client_id = ${clientId}`
      : sql``;
    const page = after ? sql`where (at, id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``;
    const result = await tx.execute(sql`select kind, id::text as id,
        to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, a, b, c from (
      select 'appointment' as kind, id, starts_at as at, status::text as a, service_code as b, modality::text as c
        from appointments where practice_id = ${p} and client_id = ${clientId}
      union all select 'note', id, coalesce(signed_at, created_at), type, template, status::text
        from clinical_notes where practice_id = ${p} and client_id = ${clientId}
      union all select 'diagnosis', d.id, d.created_at, d.code, c.description, d.status::text
        from client_diagnoses d join diagnosis_codes c on c.code = d.code
        where d.practice_id = ${p} and d.client_id = ${clientId}
      union all select 'treatment_plan', id, coalesce(signed_at, created_at), status::text, review_date::text, null
        from treatment_plans where practice_id = ${p} and client_id = ${clientId}
      union all select 'consent', id, signed_at, document_id, method::text,
          case when revoked_at is null then null else 'revoked' end
        from consents where practice_id = ${p} and client_id = ${clientId}
      ${measures}
    ) t ${page}
    order by at desc, id desc limit ${query.limit + 1}`);
    return (result as { rows: Row[] }).rows;
  });
  if (!rows) throw notFound('Client');
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(entry),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.at, last.id]) : null,
  };
}

function entry(r: Row): TimelineEntry {
  const base = { kind: r.kind, id: r.id, at: r.at };
  switch (r.kind) {
    case 'appointment':
      return {
        ...base,
        title: `Appointment${r.b ? ` · ${r.b}` : ''}${r.c === 'telehealth' ? ' · telehealth' : ''}`,
        detail: (r.a ?? '').replace('_', ' '),
        href: null,
      };
    case 'note':
      return {
        ...base,
        title: NOTE_TYPE_LABELS[r.a as NoteType] ?? 'Note',
        detail: (r.c ?? '').replace('_', ' '),
        href: `/notes/${r.id}`,
      };
    case 'measure': {
      const instrument = INSTRUMENTS[r.a as InstrumentId];
      return {
        ...base,
        title: instrument?.shortName ?? 'Measure',
        detail: r.a === 'cssrs_screen' ? (r.c ?? '') : `${r.b} · ${r.c}`,
        href: null,
      };
    }
    case 'diagnosis':
      return { ...base, title: `${r.a} ${r.b}`, detail: (r.c ?? '').replace('_', ' '), href: null };
    case 'treatment_plan':
      return {
        ...base,
        title: 'Treatment plan',
        detail: `${r.a} · review by ${r.b}`,
        href: `/treatment-plans/${r.id}`,
      };
    case 'consent':
      return {
        ...base,
        title: CONSENT_DOCUMENTS[r.a as ConsentDocumentId]?.title ?? 'Consent',
        detail: r.c ? 'signed, since revoked' : `signed (${(r.b ?? '').replace('_', ' ')})`,
        href: null,
      };
  }
}

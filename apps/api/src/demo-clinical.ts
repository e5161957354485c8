import { clientClinicians, measureResponses, supervisions, users, type Database } from '@mentalspace/db';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { createNote } from './modules/notes/note-drafts';
import { addAddendum, signNote } from './modules/notes/note-signing';
import { addDiagnosis } from './modules/diagnoses/service';
import { recordMeasure } from './modules/measures/service';
import type { ServiceContext } from './plugins/authenticate';
import type { PhiCipher } from './security/encryption/phi-cipher';
import { scopeFor } from './security/policy';

const daysAgo = (n: number, today: Date) =>
  new Date(today.getTime() - n * 86_400_000).toISOString().slice(0, 10);

/**
 * Clinical records for the demo practice, written through the real services (encrypted and
 * audited like any other): a supervision, diagnoses, signed and draft notes, a note awaiting
 * co-signature, and months of PHQ-9 and GAD-7 scores. Demo mode only, on first start.
 */
export async function unsafeSeedDemoClinicalRecords(
  database: Database,
  phi: PhiCipher,
  practiceId: string,
  today = new Date(),
) {
  const staff = await database.unsafeOwner
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(eq(users.practiceId, practiceId));
  const byEmail = (local: string) => staff.find((s) => s.email === `${local}@demo.mentalspace.local`)!;
  const clinician = byEmail('clinician');
  const supervisee = byEmail('clinician2');
  const supervisor = byEmail('supervisor');
  await database.unsafeOwner
    .insert(supervisions)
    .values({ practiceId, supervisorId: supervisor.id, superviseeId: supervisee.id });

  const ctxFor = (userId: string, role: 'clinician' | 'supervisor'): ServiceContext => ({
    database,
    scope: scopeFor({ userId, practiceId, role }),
    audit: { requestId: 'demo-seed', ip: undefined, userAgent: 'demo seed' },
  });
  const caseloadOf = async (userId: string) =>
    (
      await database.unsafeOwner
        .select({ clientId: clientClinicians.clientId })
        .from(clientClinicians)
        .where(and(eq(clientClinicians.practiceId, practiceId), eq(clientClinicians.clinicianId, userId)))
        .orderBy(asc(clientClinicians.clientId))
    ).map((r) => r.clientId);

  const ctx = ctxFor(clinician.id, 'clinician');
  const [first, second] = await caseloadOf(clinician.id);
  if (first) {
    await addDiagnosis(ctx, first, {
      code: 'F41.1',
      status: 'active',
      principal: true,
      onsetDate: '2025-09-01',
    });
    await addDiagnosis(ctx, first, { code: 'F33.1', status: 'active', principal: false });
    // Ten sessions of improving scores.
    for (let week = 0; week < 10; week++) {
      const phq = Math.max(0, 3 - Math.floor(week / 3));
      const gad = Math.max(0, 3 - Math.floor(week / 4));
      const phq9 = await recordMeasure(
        ctx,
        phi,
        first,
        {
          instrumentId: 'phq9',
          answers: Object.fromEntries(
            Array.from({ length: 9 }, (_, i) => [String(i + 1), i === 8 ? 0 : Math.min(3, phq)]),
          ),
        },
        'office',
      );
      const gad7 = await recordMeasure(
        ctx,
        phi,
        first,
        {
          instrumentId: 'gad7',
          answers: Object.fromEntries(Array.from({ length: 7 }, (_, i) => [String(i + 1), gad])),
        },
        'office',
      );
      // Spread over the past ten weeks, a session a week.
      await database.unsafeOwner
        .update(measureResponses)
        .set({ completedAt: new Date(today.getTime() - (10 - week) * 7 * 86_400_000) })
        .where(inArray(measureResponses.id, [phq9.id, gad7.id]));
    }
    const note = await createNote(ctx, phi, first, {
      type: 'progress',
      template: 'soap',
      serviceDate: daysAgo(7, today),
      content: {
        sections: {
          subjective: 'Reports fewer panic episodes (two this week, down from five). Sleeping 6–7 hours.',
          objective: 'Calm, good eye contact, on time. GAD-7 and PHQ-9 completed in session.',
          assessment: 'Progress toward goal 1 (reduce panic frequency). Engaged in exposure work.',
          plan: 'Continue interoceptive exposure; practise breathing daily; next session in one week.',
        },
        mse: {
          mood: 'Anxious',
          affect: 'Congruent',
          thoughtProcess: 'Linear',
          insight: 'Good',
          judgment: 'Good',
        },
        risk: {
          suicidalIdeation: 'denied',
          homicidalIdeation: 'denied',
          selfHarm: false,
          riskLevel: 'low',
          safetyPlan: '',
        },
      },
    });
    await signNote(ctx, phi, note.id, note.version);
    await addAddendum(ctx, phi, note.id, 'Client called the next day to confirm the homework plan.');
    await createNote(ctx, phi, first, {
      type: 'progress',
      template: 'dap',
      serviceDate: daysAgo(1, today),
      content: { sections: { data: 'Discussed the week; one panic episode at work.' } },
    });
  }
  if (second) {
    await addDiagnosis(ctx, second, { code: 'F43.23', status: 'active', principal: true });
  }

  const superviseeCtx = ctxFor(supervisee.id, 'clinician');
  const [theirs] = await caseloadOf(supervisee.id);
  if (theirs) {
    const note = await createNote(superviseeCtx, phi, theirs, {
      type: 'intake',
      template: 'intake',
      serviceDate: daysAgo(2, today),
      content: {
        sections: {
          presentingProblem: 'Low mood and withdrawal since a job loss three months ago.',
          history: 'Gradual onset; sleep and appetite reduced; stopped seeing friends.',
          psychiatricHistory: 'One prior course of counselling in college; no hospitalizations.',
          substanceUse: 'Two to three drinks on weekends; no drugs.',
          medicalHistory: 'No chronic conditions; sees a primary care physician yearly.',
          socialHistory: 'Lives with partner; close to a sister; recently unemployed.',
          diagnosticImpressions: 'Presentation consistent with a moderate major depressive episode.',
          plan: 'Weekly individual therapy (CBT); PHQ-9 every two weeks; review in 12 weeks.',
        },
        mse: { mood: 'Depressed', affect: 'Restricted', thoughtProcess: 'Linear', insight: 'Fair' },
        risk: {
          suicidalIdeation: 'passive',
          homicidalIdeation: 'denied',
          selfHarm: false,
          riskLevel: 'low',
          safetyPlan: 'Crisis line and sister’s number in phone; agreed to call before acting on any urge.',
        },
      },
    });
    await signNote(superviseeCtx, phi, note.id, note.version);
  }
}

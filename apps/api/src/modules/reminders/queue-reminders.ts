import type { Database } from '@mentalspace/db';
import { hashLinkToken, newLinkToken } from '../../security/link-token';
import { schedulingSettings } from '../appointments/booking';
import { addressFor, appointmentTime } from '../messaging/compose';
import { enqueueMessages, type OutgoingMessage } from '../messaging/outbox';
import { prepareJoinLink } from '../telehealth/join-links';
import { insertLink, unsafeReminderCandidates } from './repo';

/** Candidates are read in keyset pages of this size until none is left. */
const BATCH = 500;

/**
 * Queues appointment reminders (a job across practices, hence unsafe). For each upcoming session
 * of a client who opted in, the latest offset that has come due is queued once: its dedupe key
 * (`reminder:<appointment>:<hours>`) makes a rerun, or another instance, a no-op. A session
 * booked inside the last offset gets one reminder, not every missed one. The message carries no
 * PHI beyond the time, the practice and (if the practice allows) the clinician's name, and a
 * single-use link to confirm or cancel.
 */
export async function unsafeQueueReminders(
  database: Database,
  options: { publicUrl: () => string; now?: Date; batch?: number },
) {
  const now = options.now ?? new Date();
  const batch = options.batch ?? BATCH;
  let queued = 0;
  let seen = 0;
  let after: { startsAt: Date; id: string } | null = null;
  for (;;) {
    const page = await unsafeReminderCandidates(database, now, batch, after);
    seen += page.length;
    queued += await queuePage(database, page, options.publicUrl, now);
    const last = page.at(-1);
    if (page.length < batch || !last) break;
    after = { startsAt: last.startsAt, id: last.appointmentId };
  }
  return { candidates: seen, queued };
}

async function queuePage(
  database: Database,
  candidates: Awaited<ReturnType<typeof unsafeReminderCandidates>>,
  publicUrl: () => string,
  now: Date,
) {
  let queued = 0;
  for (const c of candidates) {
    const settings = schedulingSettings(c.settings);
    const due = settings.reminderOffsetsHours
      .filter((hours) => c.startsAt.getTime() - hours * 3_600_000 <= now.getTime())
      .sort((a, b) => a - b)[0];
    if (due === undefined) continue;
    const dedupeKey = `reminder:${c.appointmentId}:${due}`;
    if (c.sent.includes(dedupeKey)) continue;
    const address = addressFor(c);
    if (!address) continue;
    const token = newLinkToken();
    // A video session's reminder also carries the client's single-use way in.
    const join = c.modality === 'telehealth' ? prepareJoinLink(publicUrl) : null;
    const withWhom = settings.remindersNameClinician ? ` with ${c.clinicianName}` : '';
    const message: OutgoingMessage = {
      ...address,
      subject: `${c.practiceName}: appointment reminder`,
      body:
        `Reminder: you have an appointment${withWhom} on ${appointmentTime(c.startsAt, c.timeZone)} ` +
        `(${c.modality === 'telehealth' ? 'video session' : 'in person'}).\n\n` +
        `Confirm or cancel: ${publicUrl()}/appointment-links#${token}` +
        (join ? `\n\nJoin the video session (this link works once, on one device): ${join.url}` : ''),
      purpose: 'appointment_reminder',
      dedupeKey,
    };
    await database.inPractice(c.practiceId, async (tx) => {
      const scope = { practiceId: c.practiceId };
      if ((await enqueueMessages(tx, scope, [message])) === 0) return;
      await insertLink(tx, {
        practiceId: c.practiceId,
        appointmentId: c.appointmentId,
        tokenHash: hashLinkToken(token),
        expiresAt: c.startsAt,
      });
      if (join)
        await join.save(tx, {
          practiceId: c.practiceId,
          appointmentId: c.appointmentId,
          clientId: c.clientId,
          endsAt: c.endsAt,
        });
      queued++;
    });
  }
  return queued;
}

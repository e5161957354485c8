import type { CreateWaitlistEntryBodySchema, OfferView, WaitlistEntry } from '@mentalspace/contracts';
import type { AppTransaction } from '@mentalspace/db';
import type { z } from 'zod';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { AuditContext } from '../../security/access-scope';
import type { ServiceContext } from '../../plugins/authenticate';
import { hashLinkToken, newLinkToken } from '../../security/link-token';
import { offerLinkScopeFor } from '../../security/policy';
import { bookInTransaction, loadSchedulingSettings } from '../appointments/booking';
import { isOverlap } from '../appointments/schedule-errors';
import type { FreedSlot } from '../appointments/status-change';
import { chartReach, isClientInReach } from '../clients/service';
import { addressFor, appointmentTime, type ClientContact } from '../messaging/compose';
import { enqueueMessages, type OutgoingMessage } from '../messaging/outbox';
import type { Database } from '@mentalspace/db';
import {
  findEntry,
  findOffer,
  insertEntry,
  insertOffers,
  listEntries,
  lockOpening,
  matchingEntries,
  offerContacts,
  offerNames,
  setEntryStatus,
  setOfferStatus,
  unsafeFindOfferByToken,
} from './repo';

/** At most this many freed slots of one cancellation are offered (a cancelled series frees many). */
const SLOTS_OFFERED_PER_CANCELLATION = 3;

export async function addToWaitlist(
  ctx: ServiceContext,
  body: z.output<typeof CreateWaitlistEntryBodySchema>,
) {
  const entry = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const inReach = await isClientInReach(tx, ctx, body.clientId);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'waitlist.add',
      resourceType: 'waitlist_entry',
      clientId: inReach ? body.clientId : null,
      outcome: inReach ? 'success' : 'denied',
    });
    if (!inReach) return null;
    return insertEntry(tx, {
      practiceId: ctx.scope.practiceId,
      clientId: body.clientId,
      clinicianIds: body.clinicianIds,
      weekdays: body.weekdays,
      earliestMinute: body.earliestMinute,
      latestMinute: body.latestMinute,
      modality: body.modality,
      priority: body.priority,
      note: body.note ?? null,
      createdBy: ctx.scope.actorUserId,
    });
  });
  if (!entry) throw notFound('Client');
  return entry;
}

export async function listWaitlist(ctx: ServiceContext, status: 'waiting' | 'booked' | 'removed') {
  const rows = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const found = await listEntries(tx, ctx.scope, chartReach(ctx.scope), status);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'waitlist.list',
      resourceType: 'waitlist_entry',
      details: { returned: found.length },
    });
    return found;
  });
  const items: WaitlistEntry[] = rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  return { items };
}

export async function removeFromWaitlist(ctx: ServiceContext, id: string) {
  const removed = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const entry = await findEntry(tx, ctx.scope, id);
    const inReach = entry !== null && (await isClientInReach(tx, ctx, entry.clientId));
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'waitlist.remove',
      resourceType: 'waitlist_entry',
      resourceId: id,
      clientId: inReach ? entry.clientId : null,
      outcome: inReach ? 'success' : 'denied',
    });
    if (!inReach) return false;
    await setEntryStatus(tx, ctx.scope, id, 'removed');
    return true;
  });
  if (!removed) throw notFound('Waitlist entry');
}

function messageFor(
  contact: ClientContact,
  content: { subject: string; body: string; purpose: string; dedupeKey: string },
): OutgoingMessage | null {
  const address = addressFor(contact);
  return address ? { ...address, ...content } : null;
}

/**
 * The waitlist's listener for freed slots, in the cancelling transaction: each opening is offered
 * to the best-matching waiting clients (priority, then first come), each with a single-use claim
 * link by email or SMS. A fixed number of statements per opening, however long the waitlist.
 */
export function waitlistOffersFor(options: { publicUrl: () => string; now?: () => Date }) {
  return async (tx: AppTransaction, ctx: Pick<ServiceContext, 'scope'>, slots: FreedSlot[]) => {
    const now = options.now?.() ?? new Date();
    const { settings } = await loadSchedulingSettings(tx, ctx);
    for (const slot of slots.slice(0, SLOTS_OFFERED_PER_CANCELLATION)) {
      const matches = await matchingEntries(tx, ctx.scope, slot, settings.offersPerOpening);
      if (matches.length === 0) continue;
      const names = await offerNames(tx, ctx.scope, slot.clinicianId);
      const expiresAt = new Date(
        Math.min(now.getTime() + settings.offerExpiryHours * 3_600_000, slot.startsAt.getTime()),
      );
      const openingId = slot.appointmentId;
      const tokens = matches.map(() => newLinkToken());
      await insertOffers(
        tx,
        matches.map((m, i) => ({
          practiceId: ctx.scope.practiceId,
          openingId,
          entryId: m.entryId,
          clientId: m.clientId,
          clinicianId: slot.clinicianId,
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          modality: slot.modality,
          locationId: slot.locationId,
          roomId: slot.roomId,
          serviceCode: slot.serviceCode,
          appointmentTypeId: slot.appointmentTypeId,
          tokenHash: hashLinkToken(tokens[i]!),
          expiresAt,
        })),
      );
      const at = appointmentTime(slot.startsAt, names.timeZone);
      await enqueueMessages(
        tx,
        ctx.scope,
        matches.flatMap((m, i) => {
          const message = messageFor(m, {
            subject: `${names.practiceName}: an appointment opened up`,
            body:
              `An appointment opened up with ${names.clinicianName} on ${at} ` +
              `(${slot.modality === 'telehealth' ? 'video session' : 'in person'}).\n\n` +
              `It goes to the first person who claims it. Claim it here before ${appointmentTime(expiresAt, names.timeZone)}:\n` +
              `${options.publicUrl()}/offers#${tokens[i]}\n\n` +
              `If you no longer need it, ignore this message.`,
            purpose: 'waitlist_offer',
            dedupeKey: `waitlist_offer:${openingId}:${m.entryId}`,
          });
          return message ? [message] : [];
        }),
      );
    }
  };
}

/** What a claim link offers, for the page the link opens (no sign-in: the token is the key). */
export async function viewOffer(database: Database, token: string, now = new Date()): Promise<OfferView> {
  const found = await unsafeFindOfferByToken(database, hashLinkToken(token));
  if (!found) throw notFound('Offer');
  return database.inPractice(found.practiceId, async (tx) => {
    const scope = offerLinkScopeFor(found);
    const offer = (await findOffer(tx, scope, found.id))!;
    const names = await offerNames(tx, scope, offer.clinicianId);
    const status = offer.status === 'offered' && offer.expiresAt <= now ? 'expired' : offer.status;
    return {
      status,
      practiceName: names.practiceName,
      clinicianName: names.clinicianName,
      startsAt: offer.startsAt.toISOString(),
      endsAt: offer.endsAt.toISOString(),
      modality: offer.modality,
      expiresAt: offer.expiresAt.toISOString(),
      timeZone: names.timeZone,
    };
  });
}

/**
 * Claims an offer: the first claim of an opening books the appointment, takes the client off the
 * waitlist and tells the others it is gone, all in one transaction. Offers of one opening are
 * locked together, so concurrent claims queue and exactly one wins; the rest answer 409.
 */
export async function claimOffer(database: Database, token: string, audit: AuditContext, now = new Date()) {
  const found = await unsafeFindOfferByToken(database, hashLinkToken(token));
  if (!found) throw notFound('Offer');
  const scope = offerLinkScopeFor(found);
  const unavailable = (reason: string) => new AppError('offer_unavailable', reason);
  let result;
  try {
    result = await database.inPractice(found.practiceId, async (tx) => {
      const offer = (await findOffer(tx, scope, found.id))!;
      const opening = await lockOpening(tx, scope, offer.openingId);
      const mine = opening.find((o) => o.id === offer.id)!;
      if (mine.status !== 'offered')
        return {
          refused: mine.status === 'expired' ? 'This offer has expired' : 'This opening was already claimed',
        } as const;
      if (mine.expiresAt <= now) {
        await setOfferStatus(tx, scope, [mine.id], 'expired');
        return { refused: 'This offer has expired' } as const;
      }
      const appointment = await bookInTransaction(
        tx,
        { scope },
        {
          clinicianId: mine.clinicianId,
          clientId: mine.clientId,
          startsAt: mine.startsAt,
          endsAt: mine.endsAt,
          modality: mine.modality,
          locationId: mine.locationId,
          roomId: mine.roomId,
          serviceCode: mine.serviceCode,
          appointmentTypeId: mine.appointmentTypeId,
        },
        'waitlist_claim',
      );
      await setOfferStatus(tx, scope, [mine.id], 'claimed', appointment.id);
      const others = opening.filter((o) => o.id !== mine.id && o.status === 'offered');
      await setOfferStatus(
        tx,
        scope,
        others.map((o) => o.id),
        'gone',
      );
      await setEntryStatus(tx, scope, mine.entryId, 'booked');
      const names = await offerNames(tx, scope, mine.clinicianId);
      const contacts = await offerContacts(tx, scope, [mine.clientId, ...others.map((o) => o.clientId)]);
      const at = appointmentTime(mine.startsAt, names.timeZone);
      await enqueueMessages(
        tx,
        scope,
        contacts.flatMap((c) => {
          const won = c.id === mine.clientId;
          const message = messageFor(c, {
            subject: won
              ? `${names.practiceName}: your appointment is booked`
              : `${names.practiceName}: that opening was taken`,
            body: won
              ? `You are booked with ${names.clinicianName} on ${at}. We look forward to seeing you.`
              : `The appointment with ${names.clinicianName} on ${at} was claimed by someone else. ` +
                `You are still on the waitlist; we will write when another opening comes up.`,
            purpose: won ? 'waitlist_booked' : 'waitlist_gone',
            dedupeKey: `${won ? 'waitlist_booked' : 'waitlist_gone'}:${mine.openingId}:${c.id}`,
          });
          return message ? [message] : [];
        }),
      );
      await writeAudit(tx, scope, audit, {
        action: 'waitlist_offer.claim',
        resourceType: 'appointment',
        resourceId: appointment.id,
        clientId: mine.clientId,
        details: { offerId: mine.id, others: others.length },
      });
      return {
        appointmentId: appointment.id,
        startsAt: mine.startsAt.toISOString(),
        endsAt: mine.endsAt.toISOString(),
      };
    });
  } catch (error) {
    if (!isOverlap(error)) throw error;
    // Booked by someone else meanwhile: the opening is gone for everyone.
    await database.inPractice(found.practiceId, async (tx) => {
      const offer = (await findOffer(tx, scope, found.id))!;
      const opening = await lockOpening(tx, scope, offer.openingId);
      await setOfferStatus(
        tx,
        scope,
        opening.filter((o) => o.status === 'offered').map((o) => o.id),
        'gone',
      );
    });
    throw unavailable('This time was booked by someone else');
  }
  if ('refused' in result) throw unavailable(result.refused as string);
  return result;
}

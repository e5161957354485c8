import { sql } from 'drizzle-orm';
import type { Database } from '../database';
import {
  appointmentStatusChanges,
  appointments,
  appointmentTypes,
  clientClinicians,
  clients,
  locations,
  practices,
  rooms,
  users,
  waitlistEntries,
  workingHours,
} from '../schema/index';

export interface DemoUser {
  email: string;
  name: string;
  role: (typeof users.$inferInsert)['role'];
}

export interface DemoSeedResult {
  created: boolean;
  practiceId: string;
  users: DemoUser[];
}

const PRACTICE_NAME = 'Willow Creek Counseling (demo)';
const TIME_ZONE = 'America/Chicago';

const FIRST_NAMES = [
  'Avery',
  'Jordan',
  'Maya',
  'Elijah',
  'Sofia',
  'Noah',
  'Priya',
  'Lucas',
  'Amara',
  'Mateo',
  'Hannah',
  'Kai',
  'Grace',
  'Omar',
  'Zoe',
  'Theo',
  'Leah',
  'Isaac',
  'Nora',
  'Diego',
  'Ruby',
  'Felix',
  'Iris',
  'Sam',
];
const LAST_NAMES = [
  'Bennett',
  'Nguyen',
  'Okafor',
  'Hughes',
  'Rossi',
  'Kim',
  'Patel',
  'Martinez',
  'Cohen',
  'Walsh',
  'Fischer',
  'Tanaka',
  'Lopez',
  'Haddad',
  'Brooks',
  'Moreau',
  'Silva',
  'Reyes',
  'Novak',
  'Ellis',
  'Shah',
  'Jensen',
  'Park',
  'Duarte',
];

/** Deterministic pseudo-random numbers so the demo looks the same on every machine. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The UTC instant of a wall-clock time in an IANA zone (the zone's offset at that moment). */
export function zonedTime(day: Date, hour: number, minute: number, timeZone: string): Date {
  const guess = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour, minute));
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(guess);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asZoned = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
  return new Date(guess.getTime() - (asZoned - guess.getTime()));
}

/**
 * Creates the demo practice once: staff, clients with caseload assignments and two weeks of
 * appointments around `today`. Runs as the owner (no practice scope exists before the practice
 * does); never called in production mode.
 */
export async function unsafeSeedDemoPractice(
  database: Database,
  today = new Date(),
  /** bcrypt hash of the demo staff password, made by the caller (the API owns password hashing). */
  passwordHash: string | null = null,
): Promise<DemoSeedResult> {
  const db = database.unsafeOwner;
  const demoUsers: DemoUser[] = [
    { email: 'owner@demo.mentalspace.local', name: 'Dana Whitfield', role: 'owner' },
    { email: 'clinician@demo.mentalspace.local', name: 'Dr. Alex Rivera', role: 'clinician' },
    { email: 'clinician2@demo.mentalspace.local', name: 'Morgan Lee', role: 'clinician' },
    { email: 'supervisor@demo.mentalspace.local', name: 'Dr. Casey Morgan', role: 'supervisor' },
    { email: 'frontdesk@demo.mentalspace.local', name: 'Jamie Fox', role: 'front_desk' },
    { email: 'biller@demo.mentalspace.local', name: 'Robin Hale', role: 'biller' },
    { email: 'platform@demo.mentalspace.local', name: 'Pat Okafor', role: 'super_admin' },
  ];

  return db.transaction(async (tx) => {
    // One demo per database, even if two processes start at once.
    await tx.execute(sql`select pg_advisory_xact_lock(4242)`);
    const existing = await tx
      .select({ id: practices.id })
      .from(practices)
      .where(sql`${practices.name} = ${PRACTICE_NAME}`);
    if (existing[0]) return { created: false, practiceId: existing[0].id, users: demoUsers };

    const [practice] = await tx
      .insert(practices)
      .values({
        name: PRACTICE_NAME,
        timeZone: TIME_ZONE,
        // Clients may request appointments online; the practice approves them.
        schedulingSettings: {
          selfBooking: { enabled: true, mode: 'request', minNoticeHours: 24, clinicianIds: [] },
        },
      })
      .returning();
    if (!practice) throw new Error('demo practice insert returned nothing');
    const [location] = await tx
      .insert(locations)
      .values({
        practiceId: practice.id,
        name: 'Main office',
        timeZone: TIME_ZONE,
        addressLine1: '100 Willow Creek Rd',
        city: 'Austin',
        region: 'TX',
        postalCode: '78701',
      })
      .returning();
    const staff = await tx
      .insert(users)
      .values(
        demoUsers.map((u) => {
          const [first = u.name, ...rest] = u.name.replace(/^Dr\. /, '').split(' ');
          return {
            practiceId: practice.id,
            email: u.email,
            firstName: first,
            lastName: rest.join(' '),
            credentials: u.role === 'clinician' || u.role === 'supervisor' ? 'LCSW' : null,
            role: u.role,
            timeZone: TIME_ZONE,
            passwordHash,
          };
        }),
      )
      .returning();
    const clinicians = staff.filter((s) => s.role === 'clinician' || s.role === 'supervisor');

    const random = prng(20261122);
    const clientRows = await tx
      .insert(clients)
      .values(
        FIRST_NAMES.map((first, i) => ({
          practiceId: practice.id,
          legalFirstName: first,
          legalLastName: LAST_NAMES[i] ?? 'Doe',
          preferredName: i % 7 === 3 ? first.slice(0, 3) : null,
          pronouns: ['she/her', 'he/him', 'they/them'][i % 3] ?? null,
          dateOfBirth: `${1960 + Math.floor(random() * 45)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 7) % 28)).padStart(2, '0')}`,
          email: `${first.toLowerCase()}.${(LAST_NAMES[i] ?? 'doe').toLowerCase()}@example.com`,
          phone: `+1512555${String(1000 + i).slice(-4)}`,
          status: i === FIRST_NAMES.length - 1 ? ('discharged' as const) : ('active' as const),
          remindersOptIn: i % 2 === 0,
        })),
      )
      .returning();

    const assignments = clientRows.map((client, i) => ({
      practiceId: practice.id,
      clientId: client.id,
      clinicianId: clinicians[i % clinicians.length]!.id,
      role: 'primary' as const,
    }));
    await tx.insert(clientClinicians).values(assignments);

    // Weekdays from 7 days before to 7 days after today, a few sessions per clinician per day.
    const rows: (typeof appointments.$inferInsert)[] = [];
    for (let offset = -7; offset <= 7; offset += 1) {
      const day = new Date(
        Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + offset),
      );
      const weekday = day.getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      clinicians.forEach((clinician, c) => {
        const caseload = assignments.filter((a) => a.clinicianId === clinician.id);
        [9, 11, 14].forEach((hour, slot) => {
          const assignment = caseload[(offset + 7 + slot + c) % caseload.length];
          if (!assignment) return;
          const startsAt = zonedTime(day, hour, 0, TIME_ZONE);
          const past = offset < 0;
          rows.push({
            practiceId: practice.id,
            clinicianId: clinician.id,
            clientId: assignment.clientId,
            locationId: slot === 1 ? null : (location?.id ?? null),
            startsAt,
            endsAt: new Date(startsAt.getTime() + 53 * 60_000),
            modality: slot === 1 ? 'telehealth' : 'in_person',
            status: past ? (random() < 0.1 ? 'no_show' : 'completed') : 'scheduled',
            serviceCode: offset === -7 && slot === 0 ? '90791' : '90837',
          });
        });
      });
    }
    // What the practice books and where: types with CPT codes, two rooms, weekday hours 9–17.
    const types = await tx
      .insert(appointmentTypes)
      .values([
        {
          practiceId: practice.id,
          name: 'Intake assessment',
          durationMinutes: 60,
          cptCode: '90791',
          modality: 'in_person',
        },
        {
          practiceId: practice.id,
          name: 'Psychotherapy, 53 min',
          durationMinutes: 53,
          cptCode: '90837',
          modality: 'in_person',
          bookableOnline: true,
        },
        {
          practiceId: practice.id,
          name: 'Video session, 53 min',
          durationMinutes: 53,
          cptCode: '90837',
          modality: 'telehealth',
          bookableOnline: true,
        },
        {
          practiceId: practice.id,
          name: 'Couples session',
          durationMinutes: 50,
          cptCode: '90847',
          modality: 'in_person',
          kind: 'couple',
        },
      ])
      .returning();
    if (location) {
      await tx.insert(rooms).values([
        { practiceId: practice.id, locationId: location.id, name: 'Room 1' },
        { practiceId: practice.id, locationId: location.id, name: 'Room 2' },
      ]);
    }
    await tx.insert(workingHours).values(
      clinicians.flatMap((clinician) =>
        [1, 2, 3, 4, 5].map((weekday) => ({
          practiceId: practice.id,
          clinicianId: clinician.id,
          weekday,
          startsAt: '09:00',
          endsAt: '17:00',
          locationId: location?.id ?? null,
        })),
      ),
    );
    const typeFor = (code: string | null | undefined, modality: string | undefined) =>
      types.find((t) => t.cptCode === code && t.modality === modality)?.id ?? null;
    const inserted = await tx
      .insert(appointments)
      .values(rows.map((r) => ({ ...r, appointmentTypeId: typeFor(r.serviceCode, r.modality) })))
      .returning({ id: appointments.id, status: appointments.status });
    await tx.insert(appointmentStatusChanges).values(
      inserted.map((a) => ({
        practiceId: practice.id,
        appointmentId: a.id,
        toStatus: a.status,
        channel: 'demo_seed',
      })),
    );
    // Two clients waiting for an opening.
    const frontDesk = staff.find((s) => s.role === 'front_desk') ?? staff[0]!;
    await tx.insert(waitlistEntries).values(
      clientRows.slice(-3, -1).map((client, i) => ({
        practiceId: practice.id,
        clientId: client.id,
        priority: i + 2,
        weekdays: i === 0 ? [] : [2, 4],
        note: i === 0 ? 'Any afternoon' : 'Tuesdays or Thursdays',
        earliestMinute: i === 0 ? 12 * 60 : 0,
        createdBy: frontDesk.id,
      })),
    );
    return { created: true, practiceId: practice.id, users: demoUsers };
  });
}

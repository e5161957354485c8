import type { StaffRole } from '@mentalspace/contracts';
import {
  clinicalNotes,
  psychotherapyNotes,
  securityAlerts,
  staffNotifications,
  telehealthSessions,
  treatmentPlans,
  waitlistEntries,
} from '@mentalspace/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/build-test-app';
import {
  createAppointment,
  createAppointmentType,
  createClient,
  createPractice,
  createStaff,
  createSupervision,
} from '../test/factories';

/**
 * The authorization matrix, generated from the route table (OpenAPI): every route is exercised
 * without a caller, and every route with an id by every role against another practice's object
 * and a client outside a clinician's caseload. A new route is covered without a new test, and a
 * route with an id whose resource is not mapped below fails the suite until someone maps it.
 */
type Resource =
  | 'client'
  | 'staff'
  | 'invitation'
  | 'supervision'
  | 'alert'
  | 'note'
  | 'psychotherapy_note'
  | 'notification'
  | 'treatment_plan'
  | 'appointment'
  | 'waitlist_entry'
  | 'clinician'
  | 'appointment_type'
  | 'telehealth_session';
const RESOURCE_OF_ID: Record<string, Resource> = {
  '/api/v1/clients/{id}/notes': 'client',
  '/api/v1/clients/{id}/psychotherapy-notes': 'client',
  '/api/v1/clients/{id}/diagnoses': 'client',
  '/api/v1/clients/{id}/diagnoses/{diagnosisId}': 'client',
  '/api/v1/clients/{id}/measures': 'client',
  '/api/v1/clients/{id}/risk-flags': 'client',
  '/api/v1/clients/{id}/risk-flags/{flagId}/resolve': 'client',
  '/api/v1/notes/{id}': 'note',
  '/api/v1/notes/{id}/sign': 'note',
  '/api/v1/notes/{id}/cosign': 'note',
  '/api/v1/notes/{id}/return': 'note',
  '/api/v1/notes/{id}/addenda': 'note',
  '/api/v1/psychotherapy-notes/{id}': 'psychotherapy_note',
  '/api/v1/notifications/{id}/read': 'notification',
  '/api/v1/clients/{id}/treatment-plans': 'client',
  '/api/v1/clients/{id}/treatment-plans/active': 'client',
  '/api/v1/treatment-plans/{id}': 'treatment_plan',
  '/api/v1/clients/{id}/contacts': 'client',
  '/api/v1/clients/{id}/timeline': 'client',
  '/api/v1/clients/{id}/consents': 'client',
  '/api/v1/clients/{id}/consents/{consentId}/revoke': 'client',
  '/api/v1/clients/{id}/measure-assignments': 'client',
  '/api/v1/clients/{id}/measure-assignments/{assignmentId}/end': 'client',
  '/api/v1/clients/{id}/contacts/{contactId}': 'client',
  '/api/v1/clients/{id}/insurance': 'client',
  '/api/v1/clients/{id}/insurance/{policyId}/end': 'client',
  '/api/v1/treatment-plans/{id}/sign': 'treatment_plan',
  '/api/v1/clients/{id}': 'client',
  '/api/v1/clients/{id}/clinicians/{clinicianId}': 'client',
  '/api/v1/staff/{id}/role': 'staff',
  '/api/v1/staff/invitations/{id}/reissue': 'invitation',
  '/api/v1/staff/invitations/{id}/withdraw': 'invitation',
  '/api/v1/staff/supervisions/{id}/end': 'supervision',
  '/api/v1/clients/{id}/emergency-access': 'client',
  '/api/v1/clients/{id}/disclosures': 'client',
  '/api/v1/security/alerts/{id}/acknowledge': 'alert',
  '/api/v1/security/alerts/{id}/resolve': 'alert',
  '/api/v1/clients/{id}/appointments': 'client',
  '/api/v1/clients/{id}/reminders': 'client',
  '/api/v1/appointments/{id}': 'appointment',
  '/api/v1/appointments/{id}/status': 'appointment',
  '/api/v1/appointments/{id}/telehealth': 'appointment',
  '/api/v1/appointments/{id}/telehealth/links': 'appointment',
  '/api/v1/telehealth/sessions/{id}': 'telehealth_session',
  '/api/v1/telehealth/sessions/{id}/participants/{participantId}/admit': 'telehealth_session',
  '/api/v1/telehealth/sessions/{id}/participants/{participantId}/remove': 'telehealth_session',
  '/api/v1/telehealth/sessions/{id}/end': 'telehealth_session',
  '/api/v1/clinicians/{id}/availability': 'clinician',
  '/api/v1/clinicians/{id}/time-off': 'clinician',
  '/api/v1/clinicians/{id}/time-off/{timeOffId}': 'clinician',
  '/api/v1/waitlist/{id}/remove': 'waitlist_entry',
  '/api/v1/appointment-types/{id}': 'appointment_type',
  '/api/v1/staff/{id}/unlock': 'staff',
  '/api/v1/staff/{id}/reset-mfa': 'staff',
  '/api/v1/staff/{id}/deactivate': 'staff',
  '/api/v1/staff/{id}/revoke-sessions': 'staff',
  '/api/v1/staff/{id}/sessions': 'staff',
  '/api/v1/clients/{id}/portal-invitation': 'client',
  '/api/v1/clients/{id}/portal-mfa/reset': 'client',
  '/api/v1/clients/{id}/ssn': 'client',
  '/api/v1/clients/{id}/ssn/reveal': 'client',
  '/api/v1/clients/{id}/messages': 'client',
  '/api/v1/clients/{id}/messages/read': 'client',
};
/** Bodies that pass validation, for routes with an id that take one. */
const SAMPLE_BODY: Record<string, object> = {
  'post /api/v1/clients/{id}/portal-invitation': { email: 'someone@example.test' },
  'put /api/v1/staff/{id}/role': { role: 'biller' },
  'put /api/v1/clients/{id}/clinicians/{clinicianId}': { assignment: 'secondary' },
  'post /api/v1/clients/{id}/emergency-access': { reason: 'Covering an urgent call for a colleague' },
  'put /api/v1/clients/{id}/ssn': { ssn: '123-45-6789' },
  'post /api/v1/clients/{id}/messages': { body: 'Hello' },
  'post /api/v1/clients/{id}/disclosures': {
    disclosedOn: '2026-11-01',
    recipient: 'County court',
    description: 'Attendance dates',
    purpose: 'Subpoena',
    basis: 'court_order',
  },
};
const FUTURE = Date.now() + 30 * 86_400_000;
Object.assign(SAMPLE_BODY, {
  'patch /api/v1/appointments/{id}': {
    startsAt: new Date(FUTURE).toISOString(),
    endsAt: new Date(FUTURE + 50 * 60_000).toISOString(),
  },
  'post /api/v1/appointments/{id}/status': { status: 'confirmed' },
  'put /api/v1/clients/{id}/reminders': { remindersOptIn: false, reminderChannel: 'email' },
  'patch /api/v1/appointment-types/{id}': { active: false },
  'put /api/v1/clinicians/{id}/availability': { timeZone: 'UTC', bufferMinutes: 0, workingHours: [] },
  'post /api/v1/clinicians/{id}/time-off': {
    startsAt: new Date(FUTURE).toISOString(),
    endsAt: new Date(FUTURE + 86_400_000).toISOString(),
  },
});
const PHQ9_ANSWERS = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, '6': 0, '7': 0, '8': 0, '9': 0 };
Object.assign(SAMPLE_BODY, {
  'post /api/v1/clients/{id}/notes': { type: 'progress', template: 'soap', serviceDate: '2026-11-20' },
  'put /api/v1/notes/{id}': { version: 1, content: { sections: {} } },
  'post /api/v1/notes/{id}/sign': { version: 1 },
  'post /api/v1/notes/{id}/return': { comment: 'Please add the plan' },
  'post /api/v1/notes/{id}/addenda': { body: 'Late entry' },
  'post /api/v1/clients/{id}/psychotherapy-notes': { serviceDate: '2026-11-20', body: 'Process notes' },
  'put /api/v1/psychotherapy-notes/{id}': { serviceDate: '2026-11-20', body: 'Process notes', version: 1 },
  'post /api/v1/clients/{id}/diagnoses': { code: 'F41.1' },
  'patch /api/v1/clients/{id}/diagnoses/{diagnosisId}': { status: 'resolved' },
  'post /api/v1/clients/{id}/measures': { instrumentId: 'phq9', answers: PHQ9_ANSWERS },
  'post /api/v1/clients/{id}/risk-flags/{flagId}/resolve': { resolution: 'Called the client' },
  'post /api/v1/clients/{id}/treatment-plans': { effectiveDate: '2026-12-01', reviewDate: '2027-03-01' },
  'put /api/v1/treatment-plans/{id}': {
    version: 1,
    effectiveDate: '2026-12-01',
    reviewDate: '2027-03-01',
    content: { problems: [] },
  },
  'post /api/v1/treatment-plans/{id}/sign': { version: 1 },
  'post /api/v1/clients/{id}/measure-assignments': { instrumentId: 'phq9', cadence: 'once' },
  'post /api/v1/clients/{id}/consents': {
    documentId: 'informed_consent',
    documentVersion: 1,
    signerName: 'Avery Bennett',
  },
  'post /api/v1/clients/{id}/contacts': {
    kind: 'emergency',
    name: 'Sam Doe',
    relationship: 'Sibling',
    phone: '+15125550100',
  },
  'post /api/v1/clients/{id}/insurance': {
    payerName: 'Blue Plan',
    memberId: 'XQ123456',
    subscriberName: 'Self',
    subscriberRelationship: 'self',
    priority: 'primary',
  },
});
/** Chart reads that practice-wide roles without clinical access are refused (403) on a reachable client. */
const CLINICAL_READS = new Set(['/api/v1/clients/{id}/measures', '/api/v1/clients/{id}/psychotherapy-notes']);
const READS_CLINICAL = new Set<StaffRole>(['owner', 'clinician', 'supervisor']);
/** Secure messages: practice-wide roles read them only from a seat on the care team (403 off it). */
const CARE_TEAM_READS = new Set(['/api/v1/clients/{id}/messages']);
const NEVER_READS_MESSAGES: StaffRole[] = ['super_admin', 'front_desk', 'biller'];
/** Roles refused a route outright (403), whatever the object. */
const FORBIDDEN_ROLES: Record<string, StaffRole[]> = {
  'post /api/v1/clients/{id}/portal-invitation': ['biller'],
  // Invitations are refused by role before any lookup: the answer is the same for every id.
  'post /api/v1/staff/invitations/{id}/reissue': ['clinician', 'supervisor', 'front_desk', 'biller'],
  'post /api/v1/staff/invitations/{id}/withdraw': ['clinician', 'supervisor', 'front_desk', 'biller'],
  'post /api/v1/staff/supervisions/{id}/end': ['clinician', 'supervisor', 'front_desk', 'biller'],
  'post /api/v1/security/alerts/{id}/acknowledge': ['clinician', 'supervisor', 'front_desk', 'biller'],
  'post /api/v1/security/alerts/{id}/resolve': ['clinician', 'supervisor', 'front_desk', 'biller'],
  'patch /api/v1/appointment-types/{id}': ['clinician', 'supervisor', 'front_desk', 'biller'],
  'get /api/v1/clients/{id}/messages': NEVER_READS_MESSAGES,
  'post /api/v1/clients/{id}/messages': NEVER_READS_MESSAGES,
  'post /api/v1/clients/{id}/messages/read': NEVER_READS_MESSAGES,
};
const MANAGES_STAFF = new Set<StaffRole>(['owner', 'admin', 'super_admin']);
const ROLES: StaffRole[] = [
  'owner',
  'admin',
  'super_admin',
  'clinician',
  'supervisor',
  'front_desk',
  'biller',
];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/**
 * Routes reachable without a session. Adding a public route means adding it here, on purpose:
 * every other route must answer 401 to an anonymous caller.
 */
const PUBLIC_ROUTES = new Set([
  'get /api/v1/health/live',
  'get /api/v1/health/ready',
  'get /api/v1/auth/csrf',
  'post /api/v1/auth/sign-in',
  'post /api/v1/auth/refresh',
  'post /api/v1/auth/mfa/totp/enroll',
  'post /api/v1/auth/mfa/totp/confirm',
  'post /api/v1/auth/mfa/totp/verify',
  'post /api/v1/auth/mfa/backup-code/verify',
  'post /api/v1/auth/mfa/passkey/options',
  'post /api/v1/auth/mfa/passkey/verify',
  'post /api/v1/portal/sign-in',
  'post /api/v1/portal/invitations/accept',
  'post /api/v1/staff/invitations/accept',
  'post /api/v1/portal/mfa/totp/verify',
  'post /api/v1/waitlist-offers/view',
  'post /api/v1/waitlist-offers/claim',
  'post /api/v1/appointment-links/view',
  'post /api/v1/appointment-links/confirm',
  'post /api/v1/appointment-links/cancel',
  'get /api/v1/calendar/{file}',
  'post /api/v1/telehealth/join-links/redeem',
  'get /api/v1/telehealth/guest/sessions/{sessionId}',
]);

interface Route {
  method: (typeof METHODS)[number];
  path: string;
  public: boolean;
}

let t: TestApp;
let closed: TestApp;
let routes: Route[];
const people = {} as Record<StaffRole, { id: string }>;
let foreignClient: { id: string };
let foreignStaff: { id: string };
let foreignInvitation: { id: string };
let foreignSupervision: { id: string };
let foreignAlert: { id: string } | undefined;
let foreignNote: { id: string } | undefined;
let foreignPsychotherapyNote: { id: string } | undefined;
let foreignNotification: { id: string } | undefined;
let foreignPlan: { id: string } | undefined;
let foreignAppointment: { id: string } | undefined;
let foreignTelehealthSession: { id: string } | undefined;
let foreignWaitlistEntry: { id: string } | undefined;
let foreignType: { id: string } | undefined;
let colleague: { id: string };
let colleaguesClient: { id: string };
let practice: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  closed = await buildTestApp({ testPrincipalHeader: false });
  practice = await createPractice(t.database);
  for (const role of ROLES) people[role] = await createStaff(t.database, practice, role);
  colleague = await createStaff(t.database, practice, 'clinician');
  colleaguesClient = await createClient(t.database, practice, { clinician: colleague });
  const other = await createPractice(t.database);
  foreignStaff = await createStaff(t.database, other, 'clinician');
  foreignClient = await createClient(t.database, other, { clinician: foreignStaff });
  foreignInvitation = await invite(await createStaff(t.database, other, 'owner'));
  [foreignAlert] = await t.database.unsafeOwner
    .insert(securityAlerts)
    .values({ practiceId: other.id, kind: 'test', severity: 'low', summary: 'x', evidence: {} })
    .returning({ id: securityAlerts.id });
  foreignAppointment = await createAppointment(t.database, other, {
    clinician: foreignStaff,
    client: foreignClient,
    startsAt: new Date(Date.now() + 40 * 86_400_000),
  });
  [foreignTelehealthSession] = await t.database.unsafeOwner
    .insert(telehealthSessions)
    .values({ practiceId: other.id, appointmentId: foreignAppointment.id })
    .returning({ id: telehealthSessions.id });
  foreignType = await createAppointmentType(t.database, other);
  [foreignWaitlistEntry] = await t.database.unsafeOwner
    .insert(waitlistEntries)
    .values({ practiceId: other.id, clientId: foreignClient.id, createdBy: foreignStaff.id })
    .returning({ id: waitlistEntries.id });
  [foreignNote] = await t.database.unsafeOwner
    .insert(clinicalNotes)
    .values({
      practiceId: other.id,
      clientId: foreignClient.id,
      authorId: foreignStaff.id,
      type: 'progress',
      template: 'soap',
      serviceDate: '2026-11-20',
      content: 'phi1.1.x.y',
    })
    .returning({ id: clinicalNotes.id });
  [foreignPsychotherapyNote] = await t.database.unsafeOwner
    .insert(psychotherapyNotes)
    .values({
      practiceId: other.id,
      clientId: foreignClient.id,
      authorId: foreignStaff.id,
      serviceDate: '2026-11-20',
      body: 'phi1.1.x.y',
    })
    .returning({ id: psychotherapyNotes.id });
  [foreignPlan] = await t.database.unsafeOwner
    .insert(treatmentPlans)
    .values({
      practiceId: other.id,
      clientId: foreignClient.id,
      authorId: foreignStaff.id,
      content: 'phi1.1.x.y',
      effectiveDate: '2026-12-01',
      reviewDate: '2027-03-01',
    })
    .returning({ id: treatmentPlans.id });
  [foreignNotification] = await t.database.unsafeOwner
    .insert(staffNotifications)
    .values({ practiceId: other.id, userId: foreignStaff.id, kind: 'test', message: 'x' })
    .returning({ id: staffNotifications.id });
  foreignSupervision = await createSupervision(
    t.database,
    other,
    await createStaff(t.database, other, 'supervisor'),
    foreignStaff,
  );

  const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json<{
    paths: Record<string, Record<string, unknown>>;
  }>();
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    METHODS.filter((m) => ops[m]).map((method) => ({
      method,
      path,
      public: PUBLIC_ROUTES.has(`${method} ${path}`),
    })),
  );
});

afterAll(async () => {
  await t.close();
  await closed.close();
});

/** Fills `{id}`; a care-team route's `{clinicianId}` gets a clinician of the object's own practice. */
const fill = (path: string, id: string, clinicianId = colleague.id) =>
  path
    .replace('{id}', id)
    .replace('{clinicianId}', clinicianId)
    .replace('{diagnosisId}', clinicianId)
    .replace('{flagId}', clinicianId)
    .replace('{contactId}', clinicianId)
    .replace('{consentId}', clinicianId)
    .replace('{assignmentId}', clinicianId)
    .replace('{policyId}', clinicianId)
    .replace('{timeOffId}', clinicianId)
    .replace('{participantId}', clinicianId);

let invited = 0;
async function invite(by: { id: string }): Promise<{ id: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/staff/invitations',
    headers: t.as(by),
    payload: {
      email: `matrix-${invited++}-${Date.now()}@example.test`,
      firstName: 'M',
      lastName: 'X',
      role: 'biller',
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json().invitation;
}
const foreignOf = (route: Route) =>
  ({
    note: foreignNote!,
    psychotherapy_note: foreignPsychotherapyNote!,
    notification: foreignNotification!,
    treatment_plan: foreignPlan!,
    appointment: foreignAppointment!,
    waitlist_entry: foreignWaitlistEntry!,
    clinician: foreignStaff,
    appointment_type: foreignType!,
    telehealth_session: foreignTelehealthSession!,
  })[RESOURCE_OF_ID[route.path] as string] ??
  (RESOURCE_OF_ID[route.path] === 'staff'
    ? foreignStaff
    : RESOURCE_OF_ID[route.path] === 'invitation'
      ? foreignInvitation
      : RESOURCE_OF_ID[route.path] === 'supervision'
        ? foreignSupervision
        : RESOURCE_OF_ID[route.path] === 'alert'
          ? foreignAlert!
          : foreignClient);

describe('authorization matrix', () => {
  it('finds the routes it is meant to cover', () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => r.path.includes('{id}')).length).toBeGreaterThanOrEqual(2);
  });

  it('maps every route with an id to the resource it names', () => {
    const unmapped = routes.filter((r) => r.path.includes('{id}') && !RESOURCE_OF_ID[r.path]);
    expect(unmapped).toEqual([]);
  });

  it('answers 401 on every non-public route when nobody is signed in', async () => {
    expect(routes.filter((r) => !r.public).length).toBeGreaterThan(5);
    for (const route of routes.filter((r) => !r.public)) {
      const res = await closed.app.inject({
        method: route.method.toUpperCase() as 'GET',
        url: fill(route.path, foreignClient.id, foreignStaff.id),
        ...(route.method === 'get' || route.method === 'delete' ? {} : { payload: {} }),
      });
      expect(res.statusCode, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it("answers 404 to every role for another practice's object on every route with an id", async () => {
    for (const route of routes.filter((r) => r.path.includes('{id}'))) {
      const foreign = foreignOf(route);
      for (const role of ROLES) {
        const key = `${route.method} ${route.path}`;
        const res = await t.app.inject({
          method: route.method.toUpperCase() as 'GET',
          url: fill(route.path, foreign.id, foreignStaff.id),
          headers: t.as(people[role]),
          ...(SAMPLE_BODY[key] ? { payload: SAMPLE_BODY[key] } : {}),
        });
        expect(res.statusCode, `${role} ${key}`).toBe(FORBIDDEN_ROLES[key]?.includes(role) ? 403 : 404);
      }
    }
  });

  it('answers 404 to clinicians and supervisors for a client outside their caseload, 200 to practice-wide roles', async () => {
    for (const route of routes.filter((r) => RESOURCE_OF_ID[r.path] === 'client' && r.method === 'get')) {
      for (const role of ROLES) {
        const res = await t.app.inject({
          url: fill(route.path, colleaguesClient.id),
          headers: t.as(people[role]),
        });
        const expected =
          role === 'clinician' || role === 'supervisor'
            ? 404
            : CARE_TEAM_READS.has(route.path) || (CLINICAL_READS.has(route.path) && !READS_CLINICAL.has(role))
              ? 403
              : 200;
        expect(res.statusCode, `${role} ${route.path}`).toBe(expected);
      }
    }
  });

  it('lets only owners and admins act on staff accounts; every other role gets 403', async () => {
    for (const route of routes.filter((r) => RESOURCE_OF_ID[r.path] === 'staff')) {
      for (const role of ROLES) {
        const target = await createStaff(t.database, practice, 'clinician');
        const key = `${route.method} ${route.path}`;
        const res = await t.app.inject({
          method: route.method.toUpperCase() as 'GET',
          url: fill(route.path, target.id),
          headers: t.as(people[role]),
          ...(SAMPLE_BODY[key] ? { payload: SAMPLE_BODY[key] } : {}),
        });
        expect(res.statusCode, `${role} ${route.method} ${route.path}`).toBe(
          MANAGES_STAFF.has(role) ? (route.method === 'get' ? 200 : 204) : 403,
        );
      }
    }
  });

  it('lets only owners and admins act on invitations; every other role gets 403', async () => {
    const routesOnInvitations = routes.filter((r) => RESOURCE_OF_ID[r.path] === 'invitation');
    expect(routesOnInvitations.length).toBe(2);
    for (const route of routesOnInvitations) {
      for (const role of ROLES) {
        const target = await invite(people.owner);
        const res = await t.app.inject({
          method: 'POST',
          url: fill(route.path, target.id),
          headers: t.as(people[role]),
        });
        const done = route.path.endsWith('reissue') ? 201 : 204;
        expect(res.statusCode, `${role} ${route.path}`).toBe(MANAGES_STAFF.has(role) ? done : 403);
      }
    }
  });
});

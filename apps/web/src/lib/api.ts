import {
  ActiveSessionListSchema,
  AppointmentListSchema,
  BackupCodesSchema,
  SignInResultSchema,
  TotpEnrollmentSchema,
  ClientDetailSchema,
  ClientListSchema,
  PasskeyListSchema,
  PasskeySchema,
  PasswordPolicySchema,
  WebAuthnOptionsSchema,
  PortalInvitationSchema,
  ProblemSchema,
  SessionSchema,
  StaffAccessListSchema,
  StaffListSchema,
  AcceptedStaffInvitationSchema,
  StaffInvitationCreatedSchema,
  StaffInvitationListSchema,
  PlatformPracticeListSchema,
  PortalSecuritySchema,
  SupervisionListSchema,
  AuditPageSchema,
  EmergencyAccessSchema,
  DisclosureListSchema,
  DisclosureSchema,
  type RecordDisclosureBody,
  SecurityAlertListSchema,
  BreachSettingsResponseSchema,
  type UpdateBreachSettingsBody,
  type AuditQuery,
  type CreateClientBody,
  type InviteStaffBody,
  type StaffRole,
  type FieldError,
  type ScheduleConflict,
  type ListClientsQuery,
  NoteDetailSchema,
  NoteListSchema,
  NotesDueSchema,
  type CreateNoteBody,
  type UpdateNoteBody,
  PsychotherapyNoteListSchema,
  PsychotherapyNoteSchema,
  DiagnosisCodeListSchema,
  ClientDiagnosisListSchema,
  type AddDiagnosisBody,
  type UpdateDiagnosisBody,
  MeasureListSchema,
  MeasureResponseSchema,
  type RecordMeasureBody,
  RiskFlagListSchema,
  NotificationListSchema,
  TreatmentPlanListSchema,
  TreatmentPlanSchema,
  type UpdateTreatmentPlanBody,
  ContactListSchema,
  type ContactBody,
  InsurancePolicyListSchema,
  type InsuranceBody,
  MeasureAssignmentListSchema,
  type AssignMeasureBody,
  ConsentStatusSchema,
  type SignConsentBody,
  TimelineSchema,
  ClinicalSettingsSchema,
  type ClinicalSettings,
  PortalTreatmentPlanSchema,
} from '@mentalspace/contracts';
import { z } from 'zod';
import { markActivity } from './activity';
import { csrfToken } from './csrf';

/** An API failure as the screens need it: the stable code, a human message, the fields at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    /** For appointment_conflict: the taken slot. */
    readonly conflict?: ScheduleConflict,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time, however many requests found the access token expired together. */
function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const response = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'x-csrf-token': await csrfToken() },
      });
      return response.ok;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export async function request<T>(
  schema: z.ZodType<T>,
  path: string,
  init: RequestInit = {},
  retried = false,
): Promise<T> {
  const method = init.method ?? 'GET';
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      ...init,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(method === 'GET' ? {} : { 'x-csrf-token': await csrfToken() }),
        ...(init.headers ?? {}),
      },
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached. Check your connection.');
  }
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const problem = ProblemSchema.safeParse(body);
    if (problem.success) {
      if (problem.data.code === 'access_expired' && !retried && (await refreshSession())) {
        return request(schema, path, init, true);
      }
      throw new ApiError(
        response.status,
        problem.data.code,
        problem.data.detail ?? problem.data.title,
        problem.data.errors,
        problem.data.conflict,
      );
    }
    throw new ApiError(response.status, 'unexpected_response', `The server answered ${response.status}.`);
  }
  markActivity();
  return schema.parse(body);
}

const send =
  (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE') =>
  <T>(schema: z.ZodType<T>, path: string, body?: unknown) =>
    request(schema, path, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
export const post = send('POST');
export const put = send('PUT');
export const patch = send('PATCH');
export const del = send('DELETE');
const id = encodeURIComponent;

export const api = {
  session: () => request(SessionSchema, '/session'),
  clinicians: () => request(StaffListSchema, '/staff?clinical=true'),
  clients(query: Partial<ListClientsQuery>) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    return request(ClientListSchema, `/clients?${params.toString()}`);
  },
  client: (id: string) => request(ClientDetailSchema, `/clients/${encodeURIComponent(id)}`),
  clientAppointments: (id: string) =>
    request(AppointmentListSchema, `/clients/${encodeURIComponent(id)}/appointments?limit=50`),
  schedule: (clinicianId: string, from: Date, to: Date) =>
    request(
      AppointmentListSchema,
      `/appointments?${new URLSearchParams({ clinicianId, from: from.toISOString(), to: to.toISOString() }).toString()}`,
    ),
  signIn: (email: string, password: string) => post(SignInResultSchema, '/auth/sign-in', { email, password }),
  verifyTotp: (code: string) => post(SignInResultSchema, '/auth/mfa/totp/verify', { code }),
  verifyBackupCode: (code: string) => post(SignInResultSchema, '/auth/mfa/backup-code/verify', { code }),
  enrollTotp: () => post(TotpEnrollmentSchema, '/auth/mfa/totp/enroll'),
  confirmTotp: (code: string) =>
    post(BackupCodesSchema.extend(SignInResultSchema.partial().shape), '/auth/mfa/totp/confirm', { code }),
  signOut: () => post(z.null(), '/auth/sign-out'),
  signOutEverywhere: () => post(z.null(), '/auth/sign-out-everywhere'),
  sessions: () => request(ActiveSessionListSchema, '/auth/sessions'),
  keepAlive: () => request(SessionSchema, '/session'),
  staffAccess: () => request(StaffAccessListSchema, '/staff/access'),
  staffAction: (id: string, action: 'unlock' | 'reset-mfa' | 'revoke-sessions' | 'deactivate') =>
    post(z.null(), `/staff/${encodeURIComponent(id)}/${action}`),
  invitePortal: (clientId: string, email: string) =>
    post(PortalInvitationSchema, `/clients/${encodeURIComponent(clientId)}/portal-invitation`, { email }),
  acceptInvitation: (token: string, password: string) =>
    post(SignInResultSchema, '/portal/invitations/accept', { token, password }),
  portalSignIn: (email: string, password: string) =>
    post(SignInResultSchema, '/portal/sign-in', { email, password }),
  portalMe: () => request(ClientDetailSchema, '/portal/me'),
  portalAppointments: () => request(AppointmentListSchema, '/portal/appointments'),
  portalSignOut: () => post(z.null(), '/portal/sign-out'),
  passkeys: () => request(PasskeyListSchema, '/auth/passkeys'),
  passkeyRegistrationOptions: () => post(WebAuthnOptionsSchema, '/auth/passkeys/registration-options'),
  addPasskey: (name: string, response: unknown) => post(PasskeySchema, '/auth/passkeys', { name, response }),
  passkeySignInOptions: () => post(WebAuthnOptionsSchema, '/auth/mfa/passkey/options'),
  verifyPasskey: (response: unknown) => post(SignInResultSchema, '/auth/mfa/passkey/verify', { response }),
  reauthenticate: (password: string) => post(z.null(), '/auth/reauthenticate', { password }),
  passwordPolicy: () => request(PasswordPolicySchema, '/auth/password-policy'),
  changePassword: (currentPassword: string, newPassword: string) =>
    post(z.null(), '/auth/password', { currentPassword, newPassword }),
  createClient: (body: CreateClientBody) =>
    request(ClientDetailSchema, '/clients', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  staffInvitations: () => request(StaffInvitationListSchema, '/staff/invitations'),
  inviteStaff: (body: InviteStaffBody) => post(StaffInvitationCreatedSchema, '/staff/invitations', body),
  reissueStaffInvitation: (invitationId: string) =>
    post(StaffInvitationCreatedSchema, `/staff/invitations/${id(invitationId)}/reissue`),
  withdrawStaffInvitation: (invitationId: string) =>
    post(z.null(), `/staff/invitations/${id(invitationId)}/withdraw`),
  acceptStaffInvitation: (token: string, password: string) =>
    post(AcceptedStaffInvitationSchema, '/staff/invitations/accept', { token, password }),
  changeStaffRole: (userId: string, role: StaffRole) => put(z.null(), `/staff/${id(userId)}/role`, { role }),
  assignClinician: (clientId: string, clinicianId: string, assignment: 'primary' | 'secondary') =>
    put(ClientDetailSchema, `/clients/${id(clientId)}/clinicians/${id(clinicianId)}`, { assignment }),
  removeClinician: (clientId: string, clinicianId: string) =>
    del(z.null(), `/clients/${id(clientId)}/clinicians/${id(clinicianId)}`),
  platformPractices: () => request(PlatformPracticeListSchema, '/platform/practices'),
  portalSecurity: () => request(PortalSecuritySchema, '/portal/security'),
  portalEnrollTotp: (password: string) =>
    post(TotpEnrollmentSchema, '/portal/security/totp/enroll', { password }),
  portalConfirmTotp: (code: string) => post(z.null(), '/portal/security/totp/confirm', { code }),
  portalDisableTotp: (password: string) => post(z.null(), '/portal/security/totp/disable', { password }),
  portalVerifyTotp: (code: string) => post(SignInResultSchema, '/portal/mfa/totp/verify', { code }),
  resetClientPortalTotp: (clientId: string) => post(z.null(), `/clients/${id(clientId)}/portal-mfa/reset`),
  supervisions: () => request(SupervisionListSchema, '/staff/supervisions'),
  startSupervision: (supervisorId: string, superviseeId: string) =>
    post(z.object({ id: z.string() }), '/staff/supervisions', { supervisorId, superviseeId }),
  endSupervision: (supervisionId: string) => post(z.null(), `/staff/supervisions/${id(supervisionId)}/end`),
  staffSessions: (userId: string) => request(ActiveSessionListSchema, `/staff/${id(userId)}/sessions`),
  auditEvents: (query: Partial<AuditQuery>) =>
    request(AuditPageSchema, `/audit/events?${auditParams(query)}`),
  emergencyAccess: (clientId: string, reason: string) =>
    post(EmergencyAccessSchema, `/clients/${id(clientId)}/emergency-access`, { reason }),
  securityAlerts: (status: 'unresolved' | 'resolved') =>
    request(SecurityAlertListSchema, `/security/alerts?status=${status}`),
  moveAlert: (alertId: string, verb: 'acknowledge' | 'resolve') =>
    post(z.null(), `/security/alerts/${id(alertId)}/${verb}`),
  breachSettings: () => request(BreachSettingsResponseSchema, '/security/breach-settings'),
  saveBreachSettings: (body: UpdateBreachSettingsBody) =>
    put(BreachSettingsResponseSchema, '/security/breach-settings', body),
  clientNotes: (clientId: string, cursor?: string) =>
    request(
      NoteListSchema,
      `/clients/${id(clientId)}/notes?limit=50${cursor ? `&cursor=${id(cursor)}` : ''}`,
    ),
  createNote: (clientId: string, body: CreateNoteBody) =>
    post(NoteDetailSchema, `/clients/${id(clientId)}/notes`, body),
  note: (noteId: string) => request(NoteDetailSchema, `/notes/${id(noteId)}`),
  saveNote: (noteId: string, body: UpdateNoteBody) => put(NoteDetailSchema, `/notes/${id(noteId)}`, body),
  signNote: (noteId: string, version: number) =>
    post(NoteDetailSchema, `/notes/${id(noteId)}/sign`, { version }),
  cosignNote: (noteId: string) => post(NoteDetailSchema, `/notes/${id(noteId)}/cosign`),
  returnNote: (noteId: string, comment: string) =>
    post(NoteDetailSchema, `/notes/${id(noteId)}/return`, { comment }),
  addAddendum: (noteId: string, body: string) =>
    post(NoteDetailSchema, `/notes/${id(noteId)}/addenda`, { body }),
  notesDue: () => request(NotesDueSchema, '/notes/due'),
  psychotherapyNotes: (clientId: string) =>
    request(PsychotherapyNoteListSchema, `/clients/${id(clientId)}/psychotherapy-notes`),
  createPsychotherapyNote: (clientId: string, body: { serviceDate: string; body: string }) =>
    post(PsychotherapyNoteSchema, `/clients/${id(clientId)}/psychotherapy-notes`, body),
  diagnosisCodes: (q: string) => request(DiagnosisCodeListSchema, `/diagnosis-codes?q=${id(q)}&limit=20`),
  diagnoses: (clientId: string) => request(ClientDiagnosisListSchema, `/clients/${id(clientId)}/diagnoses`),
  addDiagnosis: (clientId: string, body: AddDiagnosisBody) =>
    post(ClientDiagnosisListSchema, `/clients/${id(clientId)}/diagnoses`, body),
  changeDiagnosis: (clientId: string, diagnosisId: string, body: UpdateDiagnosisBody) =>
    patch(ClientDiagnosisListSchema, `/clients/${id(clientId)}/diagnoses/${id(diagnosisId)}`, body),
  measures: (clientId: string) => request(MeasureListSchema, `/clients/${id(clientId)}/measures`),
  recordMeasure: (clientId: string, body: RecordMeasureBody) =>
    post(MeasureResponseSchema, `/clients/${id(clientId)}/measures`, body),
  riskFlags: (clientId: string) => request(RiskFlagListSchema, `/clients/${id(clientId)}/risk-flags`),
  resolveRiskFlag: (clientId: string, flagId: string, resolution: string) =>
    post(RiskFlagListSchema, `/clients/${id(clientId)}/risk-flags/${id(flagId)}/resolve`, { resolution }),
  notifications: () => request(NotificationListSchema, '/notifications'),
  readNotification: (notificationId: string) => post(z.null(), `/notifications/${id(notificationId)}/read`),
  portalMeasures: () => request(MeasureListSchema, '/portal/measures'),
  portalRecordMeasure: (body: RecordMeasureBody) => post(MeasureResponseSchema, '/portal/measures', body),
  treatmentPlans: (clientId: string) =>
    request(TreatmentPlanListSchema, `/clients/${id(clientId)}/treatment-plans`),
  activeTreatmentPlan: (clientId: string) =>
    request(
      z.object({ plan: TreatmentPlanSchema.nullable() }),
      `/clients/${id(clientId)}/treatment-plans/active`,
    ),
  createTreatmentPlan: (
    clientId: string,
    body: { effectiveDate: string; reviewDate: string; fromActive: boolean },
  ) => post(TreatmentPlanSchema, `/clients/${id(clientId)}/treatment-plans`, body),
  treatmentPlan: (planId: string) => request(TreatmentPlanSchema, `/treatment-plans/${id(planId)}`),
  saveTreatmentPlan: (planId: string, body: UpdateTreatmentPlanBody) =>
    put(TreatmentPlanSchema, `/treatment-plans/${id(planId)}`, body),
  signTreatmentPlan: (planId: string, version: number) =>
    post(TreatmentPlanSchema, `/treatment-plans/${id(planId)}/sign`, { version }),
  measureAssignments: (clientId: string) =>
    request(MeasureAssignmentListSchema, `/clients/${id(clientId)}/measure-assignments`),
  assignMeasure: (clientId: string, body: AssignMeasureBody) =>
    post(MeasureAssignmentListSchema, `/clients/${id(clientId)}/measure-assignments`, body),
  endMeasureAssignment: (clientId: string, assignmentId: string) =>
    post(MeasureAssignmentListSchema, `/clients/${id(clientId)}/measure-assignments/${id(assignmentId)}/end`),
  portalAssignedMeasures: () => request(MeasureAssignmentListSchema, '/portal/measures/assigned'),
  portalTreatmentPlan: () => request(PortalTreatmentPlanSchema, '/portal/treatment-plan'),
  portalSignTreatmentPlan: (planId: string, signerName: string) =>
    post(PortalTreatmentPlanSchema, '/portal/treatment-plan/sign', { planId, signerName }),
  clinicalSettings: () => request(ClinicalSettingsSchema, '/practice/clinical-settings'),
  saveClinicalSettings: (body: ClinicalSettings) =>
    put(ClinicalSettingsSchema, '/practice/clinical-settings', body),
  timeline: (clientId: string, cursor?: string) =>
    request(
      TimelineSchema,
      `/clients/${id(clientId)}/timeline?limit=20${cursor ? `&cursor=${id(cursor)}` : ''}`,
    ),
  consents: (clientId: string) => request(ConsentStatusSchema, `/clients/${id(clientId)}/consents`),
  signConsent: (clientId: string, body: SignConsentBody) =>
    post(ConsentStatusSchema, `/clients/${id(clientId)}/consents`, body),
  revokeConsent: (clientId: string, consentId: string) =>
    post(ConsentStatusSchema, `/clients/${id(clientId)}/consents/${id(consentId)}/revoke`),
  portalConsents: () => request(ConsentStatusSchema, '/portal/consents'),
  portalSignConsent: (body: SignConsentBody) => post(ConsentStatusSchema, '/portal/consents', body),
  contacts: (clientId: string) => request(ContactListSchema, `/clients/${id(clientId)}/contacts`),
  addContact: (clientId: string, body: ContactBody) =>
    post(ContactListSchema, `/clients/${id(clientId)}/contacts`, body),
  removeContact: (clientId: string, contactId: string) =>
    del(z.null(), `/clients/${id(clientId)}/contacts/${id(contactId)}`),
  insurance: (clientId: string) => request(InsurancePolicyListSchema, `/clients/${id(clientId)}/insurance`),
  addInsurance: (clientId: string, body: InsuranceBody) =>
    post(InsurancePolicyListSchema, `/clients/${id(clientId)}/insurance`, body),
  endInsurance: (clientId: string, policyId: string) =>
    post(InsurancePolicyListSchema, `/clients/${id(clientId)}/insurance/${id(policyId)}/end`),
  disclosures: (clientId: string) => request(DisclosureListSchema, `/clients/${id(clientId)}/disclosures`),
  recordDisclosure: (clientId: string, body: RecordDisclosureBody) =>
    post(DisclosureSchema, `/clients/${id(clientId)}/disclosures`, body),
};

/** The audit report's filters as a query string (also the CSV export link's). */
export function auditParams(query: Partial<AuditQuery>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return params.toString();
}

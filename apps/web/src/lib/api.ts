import {
  AppointmentListSchema,
  ClientDetailSchema,
  ClientListSchema,
  ProblemSchema,
  SessionSchema,
  StaffListSchema,
  type CreateClientBody,
  type FieldError,
  type ListClientsQuery,
} from '@mentalspace/contracts';
import { z } from 'zod';
import { devUserHeader } from './dev-user';

/** An API failure as the screens need it: the stable code, a human message, the fields at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function request<T>(schema: z.ZodType<T>, path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      ...init,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...devUserHeader(), ...(init.headers ?? {}) },
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached. Check your connection.');
  }
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const problem = ProblemSchema.safeParse(body);
    if (problem.success) {
      throw new ApiError(
        response.status,
        problem.data.code,
        problem.data.detail ?? problem.data.title,
        problem.data.errors,
      );
    }
    throw new ApiError(response.status, 'unexpected_response', `The server answered ${response.status}.`);
  }
  return schema.parse(body);
}

const DevUsersSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      role: z.string(),
      practiceName: z.string(),
    }),
  ),
});

export const api = {
  session: () => request(SessionSchema, '/session'),
  devUsers: () => request(DevUsersSchema, '/dev/users'),
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
  createClient: (body: CreateClientBody) =>
    request(ClientDetailSchema, '/clients', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
};

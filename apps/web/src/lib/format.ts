/** Dates and times always in the practice's zone, whatever the browser's. */
export function formatTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(
    new Date(iso),
  );
}

export function formatDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  }).format(new Date(iso));
}

export function formatDayHeading(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
  }).format(date);
}

/** The calendar day (YYYY-MM-DD) of an instant in a zone. */
export function dayKey(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
}

/** Age in whole years from a YYYY-MM-DD date of birth. */
export function ageFrom(dateOfBirth: string, today = new Date()): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age -= 1;
  return age;
}

export function displayName(client: {
  legalFirstName: string;
  legalLastName: string;
  preferredName: string | null;
}) {
  return `${client.preferredName ?? client.legalFirstName} ${client.legalLastName}`;
}

export const STATUS_LABELS: Record<string, string> = {
  requested: 'Requested',
  scheduled: 'Scheduled',
  confirmed: 'Confirmed',
  checked_in: 'Checked in',
  in_session: 'In session',
  completed: 'Completed',
  no_show: 'No-show',
  cancelled: 'Cancelled',
};

export const STATUS_COLORS: Record<string, string> = {
  requested: 'yellow',
  scheduled: 'blue',
  confirmed: 'teal',
  checked_in: 'grape',
  in_session: 'violet',
  completed: 'gray',
  no_show: 'red',
  cancelled: 'gray',
};

/** Who a client message goes to and how its times read: shared by every sender. */

export interface ClientContact {
  email: string | null;
  phone: string | null;
  /** The client's chosen channel. */
  channel: 'email' | 'sms';
}

/** The client's chosen channel when it has an address, otherwise whichever address exists. */
export function addressFor(contact: ClientContact): { channel: 'email' | 'sms'; recipient: string } | null {
  if (contact.channel === 'sms' && contact.phone) return { channel: 'sms', recipient: contact.phone };
  if (contact.email) return { channel: 'email', recipient: contact.email };
  if (contact.phone) return { channel: 'sms', recipient: contact.phone };
  return null;
}

/** "Tuesday, February 2 at 3:00 PM EST", in the zone the practice means. */
export const appointmentTime = (startsAt: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(startsAt);

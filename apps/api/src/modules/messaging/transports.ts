import nodemailer from 'nodemailer';

export interface Deliverable {
  id: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
}

/** Sends one message or throws; answers how it went out. */
export interface Transport {
  readonly via: string;
  send(message: Deliverable): Promise<void>;
}

export interface Transports {
  email: Transport;
  sms: Transport;
}

/**
 * The embedded default: nothing leaves the machine; the message stays in the outbox table, marked
 * delivered to the local outbox, where admins read it in the web app.
 */
export const localOutbox: Transport = { via: 'local_outbox', send: async () => undefined };

/** Email over SMTP (nodemailer). The outbox row's id is the Message-ID, so a resend is recognizable. */
export function smtpTransport(smtpUrl: string, from: string): Transport & { close(): void } {
  const transporter = nodemailer.createTransport(smtpUrl);
  const domain = from.match(/@([^>\s]+)/)?.[1] ?? 'localhost';
  return {
    via: 'smtp',
    async send(message) {
      await transporter.sendMail({
        from,
        to: message.recipient,
        subject: message.subject,
        text: message.body,
        messageId: `<${message.id}@${domain}>`,
      });
    },
    close: () => transporter.close(),
  };
}

/** SMS through Twilio's REST API. */
export function twilioSms(
  options: { accountSid: string; authToken: string; from: string },
  fetchImpl: typeof fetch = fetch,
): Transport {
  const url = `https://api.twilio.com/2010-04-01/Accounts/${options.accountSid}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  return {
    via: 'twilio',
    async send(message) {
      const response = await fetchImpl(url, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ To: message.recipient, From: options.from, Body: message.body }),
        signal: AbortSignal.timeout(10_000),
      });
      // The status only: Twilio's error body may echo the recipient's number.
      if (!response.ok) throw new Error(`SMS provider answered ${response.status}`);
    },
  };
}

import type { AddressInfo } from 'node:net';
import { outboundMessages } from '@mentalspace/db';
import { eq } from 'drizzle-orm';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '@mentalspace/db/testing';
import { createPractice, createStaff } from '../../test/factories';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { unsafeDispatchOutbox } from './dispatch';
import { enqueueMessages } from './outbox';
import { localOutbox, smtpTransport, twilioSms } from './transports';

/** A real SMTP server in this process: what arrives is parsed back from the wire. */
let server: SMTPServer;
let port: number;
const received: ParsedMail[] = [];
let refuseNext = 0;

let database: TestDatabase;
let practice: { id: string };

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      if (refuseNext > 0) {
        refuseNext--;
        const error = new Error('mailbox unavailable') as Error & { responseCode: number };
        error.responseCode = 450;
        return callback(error);
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
  database = await openTestDatabase();
  practice = await createPractice(database);
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await database.close();
});

const queue = (key: string, recipient = 'client@example.test', channel: 'email' | 'sms' = 'email') =>
  database.inPractice(practice.id, (tx) =>
    enqueueMessages(tx, { practiceId: practice.id }, [
      {
        channel,
        recipient,
        subject: 'Reminder',
        body: `Your appointment (${key})`,
        purpose: 'test',
        dedupeKey: key,
      },
    ]),
  );

const row = async (key: string) =>
  (await database.unsafeOwner.select().from(outboundMessages).where(eq(outboundMessages.dedupeKey, key)))[0]!;

describe('the outbox over real SMTP', () => {
  it('delivers each queued email once, with the outbox id as Message-ID, and ignores a repeated key', async () => {
    const smtp = smtpTransport(`smtp://127.0.0.1:${port}`, 'Practice <no-reply@practice.example>');
    expect(await queue('one')).toBe(1);
    expect(await queue('one')).toBe(0);
    const first = await unsafeDispatchOutbox(database, { email: smtp, sms: localOutbox });
    expect(first).toMatchObject({ claimed: 1, sent: 1, failed: 0 });
    const second = await unsafeDispatchOutbox(database, { email: smtp, sms: localOutbox });
    expect(second.claimed).toBe(0);
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.subject).toBe('Reminder');
    expect(mail.text?.trim()).toBe('Your appointment (one)');
    expect((mail.to as { text: string }).text).toBe('client@example.test');
    const stored = await row('one');
    expect(mail.messageId).toBe(`<${stored.id}@practice.example>`);
    expect(stored).toMatchObject({ status: 'sent', deliveredVia: 'smtp', attempts: 1 });
    smtp.close();
  });

  it('keeps a refused message queued with a later attempt and an error that names no address', async () => {
    const smtp = smtpTransport(`smtp://127.0.0.1:${port}`, 'no-reply@practice.example');
    refuseNext = 1;
    await queue('retry');
    const result = await unsafeDispatchOutbox(database, { email: smtp, sms: localOutbox });
    expect(result).toMatchObject({ sent: 0, failed: 1 });
    const stored = await row('retry');
    expect(stored.status).toBe('queued');
    expect(stored.lastError).toBe('smtp 450');
    expect(stored.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    // Due again: it goes out.
    await database.unsafeOwner
      .update(outboundMessages)
      .set({ nextAttemptAt: new Date(Date.now() - 1000) })
      .where(eq(outboundMessages.id, stored.id));
    expect((await unsafeDispatchOutbox(database, { email: smtp, sms: localOutbox })).sent).toBe(1);
    expect((await row('retry')).attempts).toBe(2);
    smtp.close();
  });

  it('never hands one message to two dispatchers running at once', async () => {
    const smtp = smtpTransport(`smtp://127.0.0.1:${port}`, 'no-reply@practice.example');
    const before = received.length;
    for (let i = 0; i < 20; i++) await queue(`race-${i}`);
    const results = await Promise.all(
      [1, 2, 3].map(() => unsafeDispatchOutbox(database, { email: smtp, sms: localOutbox })),
    );
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(20);
    expect(received.length - before).toBe(20);
    smtp.close();
  });

  it('keeps SMS in the local outbox by default', async () => {
    await queue('sms-local', '+15125550100', 'sms');
    await unsafeDispatchOutbox(database, { email: localOutbox, sms: localOutbox });
    expect(await row('sms-local')).toMatchObject({ status: 'sent', deliveredVia: 'local_outbox' });
  });
});

describe('Twilio SMS (mocked: the provider cannot be reached from here)', () => {
  it('posts the message with basic auth and reports a refusal by status only', async () => {
    const fetchMock = vi.fn(async () => new Response('{}', { status: 201 }));
    const sms = twilioSms(
      { accountSid: `AC${'0'.repeat(32)}`, authToken: 'test-token-0123456789', from: '+15125550199' },
      fetchMock,
    );
    await sms.send({ id: 'x', channel: 'sms', recipient: '+15125550100', subject: '', body: 'Hello' });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toContain(`/Accounts/AC${'0'.repeat(32)}/Messages.json`);
    expect((init.body as URLSearchParams).toString()).toBe(
      'To=%2B15125550100&From=%2B15125550199&Body=Hello',
    );
    const failing = twilioSms(
      { accountSid: `AC${'0'.repeat(32)}`, authToken: 'test-token-0123456789', from: '+15125550199' },
      async () => new Response('{"message":"+15125550100 is invalid"}', { status: 400 }),
    );
    await expect(
      failing.send({ id: 'y', channel: 'sms', recipient: '+15125550100', subject: '', body: 'Hi' }),
    ).rejects.toThrow(/^SMS provider answered 400$/);
  });
});

describe('the outbox screen', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows owners and admins what was sent, and refuses other roles', async () => {
    const own = await createPractice(t.database);
    const admin = await createStaff(t.database, own, 'admin');
    const clinician = await createStaff(t.database, own, 'clinician');
    await t.database.inPractice(own.id, (tx) =>
      enqueueMessages(tx, { practiceId: own.id }, [
        {
          channel: 'email',
          recipient: 'a@example.test',
          subject: 'S',
          body: 'B',
          purpose: 'test',
          dedupeKey: 'k',
        },
      ]),
    );
    const res = await t.app.inject({ url: '/api/v1/outbox', headers: t.as(admin) });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({ recipient: 'a@example.test', status: 'queued' }),
    ]);
    expect((await t.app.inject({ url: '/api/v1/outbox', headers: t.as(clinician) })).statusCode).toBe(403);
  });
});

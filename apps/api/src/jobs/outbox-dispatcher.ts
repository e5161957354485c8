import type { Database } from '@mentalspace/db';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/config';
import { unsafeDispatchOutbox } from '../modules/messaging/dispatch';
import { localOutbox, smtpTransport, twilioSms, type Transports } from '../modules/messaging/transports';
import { startIntervalJob } from './interval-job';

export const OUTBOX_INTERVAL_MS = 5_000;

/** Email over SMTP and SMS through Twilio when configured; otherwise the local outbox. */
export function transportsFor(config: Pick<Config, 'mail' | 'sms'>): Transports & { close(): void } {
  const smtp = config.mail.smtpUrl ? smtpTransport(config.mail.smtpUrl, config.mail.from) : null;
  return {
    email: smtp ?? localOutbox,
    sms: config.sms.kind === 'twilio' ? twilioSms(config.sms) : localOutbox,
    close: () => smtp?.close(),
  };
}

/** Delivers queued email and SMS every few seconds on every instance (batches never overlap). */
export function startOutboxDispatcher(
  database: Database,
  transports: Transports,
  logger: FastifyBaseLogger,
  intervalMs = OUTBOX_INTERVAL_MS,
) {
  return startIntervalJob(
    'outbox',
    async () => {
      const result = await unsafeDispatchOutbox(database, transports);
      if (result.failed > 0) logger.warn(result, 'some outgoing messages failed; they will be retried');
    },
    intervalMs,
    logger,
  );
}

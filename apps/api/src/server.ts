import { fileURLToPath } from 'node:url';
import { buildApp } from './app';
import { bootstrap, demoBanner } from './bootstrap';
import { unsafeSeedDemoClinicalRecords } from './demo-clinical';
import { loadConfig } from './config/config';
import { bootLogLevel, readEnvironment } from './config/environment';
import { resolveBootEnvironment } from './config/secrets';
import { anchorStoreFor } from './audit/anchors/anchor-store-for';
import { startAuditSealer } from './jobs/audit-sealer';
import { startBreachDetection } from './jobs/breach-detection';
import { startAppointmentReminders } from './jobs/appointment-reminders';
import { startOutboxDispatcher, transportsFor } from './jobs/outbox-dispatcher';
import { startSeriesHorizon } from './jobs/series-horizon';
import { createLogger } from './logger';
import { KEY_REFRESH_MS, loadPhiCipher } from './security/encryption/key-ring';
import { masterKeyFor } from './security/encryption/master-key-for';
import { createAuthDeps } from './modules/auth/create-auth-deps';
import { openRedis } from './redis';

// Bundled to apps/api/dist/server.js and run from source as apps/api/src/server.ts: both sit two
// levels below apps/, so the built web app is at the same relative place.
const WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));
const SHUTDOWN_GRACE_MS = 15_000;

async function main() {
  const raw = readEnvironment();
  const bootLogger = createLogger(bootLogLevel(raw.LOG_LEVEL));
  const { env, secretsHealth } = await resolveBootEnvironment(raw, { logger: bootLogger });
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  const { database, demo, sessionSecret } = await bootstrap(config, logger);
  const phi = await loadPhiCipher(database, await masterKeyFor(config));
  if (demo?.created) await unsafeSeedDemoClinicalRecords(database, phi, demo.practiceId);
  const redis = config.redisUrl ? openRedis(config.redisUrl) : undefined;
  const auth = createAuthDeps({
    database,
    secrets: [sessionSecret, ...config.previousSessionSecrets],
    redis,
    secureCookies: config.mode === 'production',
    idleCapSeconds: config.idleTimeoutCapSeconds,
  });
  let listeningUrl: string | undefined;
  const app = await buildApp({
    database,
    phi,
    auth,
    redis,
    logger,
    secretsHealth,
    trustProxy: config.trustProxy,
    webRoot: WEB_ROOT,
    // Without PUBLIC_URL (embedded), links use the address the server actually listens on.
    publicUrl: () => listeningUrl ?? config.publicUrl,
    ice: config.telehealth,
  });

  const sealer = startAuditSealer(database, anchorStoreFor(config), logger);
  // Key versions added by `npm run keys:rotate` reach every instance within a minute.
  const keyRefresh = setInterval(
    () =>
      void phi
        .refresh()
        .catch((error: unknown) => logger.error({ err: error }, 'PHI key ring refresh failed')),
    KEY_REFRESH_MS,
  );
  keyRefresh.unref();
  const detection = startBreachDetection(database, logger, { realtime: app.realtime });
  const transports = transportsFor(config);
  const outbox = startOutboxDispatcher(database, transports, logger);
  const horizon = startSeriesHorizon(database, logger);
  const reminders = startAppointmentReminders(database, () => listeningUrl ?? config.publicUrl, logger);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(() => {
      logger.error('shutdown grace period exceeded; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    // Breach detection first: it publishes through the app's real-time server, which closes with the app.
    await detection.stop();
    // Reverse order of opening: stop taking requests and drain, then Redis, then the database.
    await app.close();
    await outbox.stop();
    await horizon.stop();
    await reminders.stop();
    transports.close();
    await sealer.stop();
    await redis?.quit().catch(() => undefined);
    await database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  if (!raw.PUBLIC_URL && address && typeof address === 'object') {
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    listeningUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  }
  if (demo?.created) process.stdout.write(demoBanner(config, demo));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`MentalSpace EHR failed to start: ${message}\n`);
  process.exit(1);
});

import { openDatabase, unsafeSeedDemoPractice, type Database, type DemoSeedResult } from '@mentalspace/db';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config/config';
import { loadOrCreateLocalSecrets } from './config/local-secrets';
import { hashPassword } from './security/password/hash';

export interface Bootstrapped {
  database: Database;
  sessionSecret: string;
  demo: (DemoSeedResult & { password: string | null }) | null;
}

/**
 * Opens the database the config names, migrates it and, in the embedded mode, creates the demo
 * practice on first run. Whoever calls this closes `database`.
 */
export async function bootstrap(config: Config, logger: Logger): Promise<Bootstrapped> {
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const sessionSecret =
    config.sessionSecret ?? (await loadOrCreateLocalSecrets(config.dataDir)).sessionSecret;
  const database = await openDatabase(config.database);
  try {
    if (config.migrateOnStart) {
      await database.migrate();
      logger.info({ database: config.database.kind }, 'migrations applied');
    }
    let demo: Bootstrapped['demo'] = null;
    if (config.seedDemo) {
      // A password of its own for every install, printed once: the demo never ships a known password.
      const password = `Demo-${randomBytes(9).toString('base64url')}-7!`;
      const seeded = await unsafeSeedDemoPractice(database, new Date(), await hashPassword(password));
      demo = { ...seeded, password: seeded.created ? password : null };
      if (seeded.created) {
        // Kept beside the data (owner-only) so that a missed banner does not lock anyone out of the demo.
        await writeFile(join(config.dataDir, 'demo-logins.txt'), demoBanner(config, demo), { mode: 0o600 });
      }
    }
    return { database, sessionSecret, demo };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export function demoBanner(config: Config, demo: DemoSeedResult & { password: string | null }): string {
  const lines = [
    '',
    '  MentalSpace EHR — demo practice created (LOCAL DEMO ONLY, never in production)',
    `  Open http://localhost:${config.port}`,
    '  Demo staff (sign in at /sign-in, or pick one under "Viewing as" in the app):',
    ...demo.users.map((u) => `    ${u.role.padEnd(11)} ${u.email}  (${u.name})`),
    `  Password for every demo login: ${demo.password ?? '(set on first start)'}`,
    `  Also kept in ${join(config.dataDir, 'demo-logins.txt')}. Staff enrol an authenticator app at first sign-in.`,
    '',
  ];
  return lines.join('\n') + '\n';
}

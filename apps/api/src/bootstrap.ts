import { openDatabase, unsafeSeedDemoPractice, type Database, type DemoSeedResult } from '@mentalspace/db';
import type { Logger } from 'pino';
import type { Config } from './config/config';
import { loadOrCreateLocalSecrets } from './config/local-secrets';

export interface Bootstrapped {
  database: Database;
  sessionSecret: string;
  demo: DemoSeedResult | null;
}

/**
 * Opens the database the config names, migrates it and, in the embedded mode, creates the demo
 * practice on first run. Whoever calls this closes `database`.
 */
export async function bootstrap(config: Config, logger: Logger): Promise<Bootstrapped> {
  const sessionSecret =
    config.sessionSecret ?? (await loadOrCreateLocalSecrets(config.dataDir)).sessionSecret;
  const database = await openDatabase(config.database);
  try {
    if (config.migrateOnStart) {
      await database.migrate();
      logger.info({ database: config.database.kind }, 'migrations applied');
    }
    const demo = config.seedDemo ? await unsafeSeedDemoPractice(database) : null;
    return { database, sessionSecret, demo };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export function demoBanner(config: Config, demo: DemoSeedResult): string {
  const lines = [
    '',
    '  MentalSpace EHR — demo practice created (LOCAL DEMO ONLY, never in production)',
    `  Open http://localhost:${config.port}`,
    '  Demo staff (until sign-in lands, pick one under "Viewing as" in the app):',
    ...demo.users.map((u) => `    ${u.role.padEnd(11)} ${u.email}  (${u.name})`),
    '',
  ];
  return lines.join('\n') + '\n';
}

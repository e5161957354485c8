import { openDatabase } from '@mentalspace/db';
import { loadConfig } from './config/config';
import { readEnvironment } from './config/environment';
import { resolveBootEnvironment } from './config/secrets';

/** One-off migration task (production deploys run it before the new service version starts). */
async function main() {
  // The migration task runs with the service's environment: in AWS its database URL comes from Secrets Manager.
  const { env } = await resolveBootEnvironment(readEnvironment());
  const config = loadConfig(env);
  const database = await openDatabase(config.database);
  try {
    await database.migrate();
    process.stdout.write(`migrations applied (${config.database.kind})\n`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import { openDatabase } from '@mentalspace/db';
import { loadConfig } from './config/config';
import { readEnvironment } from './config/environment';
import { resolveBootEnvironment } from './config/secrets';
import { unsafeSetSuperAdmin } from './modules/auth/set-super-admin';

const USAGE = 'Usage: npm run super-admin -- --grant|--revoke --email=<staff e-mail>\n';

/** The only way to grant the platform role: on the server, with the deployment's database. */
async function main(argv: string[]) {
  const email = argv.find((a) => a.startsWith('--email='))?.slice('--email='.length);
  const grant = argv.includes('--grant');
  if (!email || grant === argv.includes('--revoke')) {
    process.stderr.write(USAGE);
    return 2;
  }
  const { env } = await resolveBootEnvironment(readEnvironment());
  const config = loadConfig(env);
  const database = await openDatabase(config.database);
  try {
    const outcome = await unsafeSetSuperAdmin(database, email, grant);
    process.stdout.write(`${outcome.replaceAll('_', ' ')}\n`);
    return outcome === 'no_such_account' ? 1 : 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`super-admin failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

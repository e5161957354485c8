import { openDatabase } from '@mentalspace/db';
import { loadConfig } from './config/config';
import { readEnvironment } from './config/environment';
import { resolveBootEnvironment } from './config/secrets';
import { addPhiKeyVersion, KEY_REFRESH_MS, loadPhiCipher } from './security/encryption/key-ring';
import { masterKeyFor } from './security/encryption/master-key-for';
import { unsafeReencryptPhi } from './security/encryption/rotate';

/**
 * `npm run keys:rotate [-- --resume] [--no-wait]`: adds a new PHI data key version, waits until
 * running servers have picked it up (they re-read the key ring every minute), then re-encrypts
 * every value still under an older version, batch by batch. `--resume` skips adding a version and
 * finishes an interrupted rotation. The embedded database allows one process: stop the server first.
 */
async function main(argv: string[]) {
  const { env } = await resolveBootEnvironment(readEnvironment());
  const config = loadConfig(env);
  const database = await openDatabase(config.database);
  try {
    const master = await masterKeyFor(config);
    if (!argv.includes('--resume')) {
      const version = await addPhiKeyVersion(database, master);
      process.stdout.write(`added PHI data key version ${version}\n`);
      if (config.database.kind === 'postgres' && !argv.includes('--no-wait')) {
        process.stdout.write(
          `waiting ${(KEY_REFRESH_MS + 10_000) / 1000} s for running servers to load it\n`,
        );
        await new Promise((resolve) => setTimeout(resolve, KEY_REFRESH_MS + 10_000));
      }
    }
    const phi = await loadPhiCipher(database, master);
    for (const { table, rewritten } of await unsafeReencryptPhi(database, phi))
      process.stdout.write(`${table}: ${rewritten} rows re-encrypted to version ${phi.currentVersion}\n`);
    process.stdout.write('rotation complete\n');
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`keys:rotate failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

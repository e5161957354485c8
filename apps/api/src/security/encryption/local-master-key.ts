import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { localMasterKey, type MasterKey } from './master-key';

/**
 * The embedded default's master key: 32 random bytes generated once into the data dir (0600) and
 * reused. Losing it loses the PHI: it belongs in the same backups as the database, kept apart.
 */
export async function loadOrCreateLocalMasterKey(dataDir: string): Promise<MasterKey> {
  const file = join(dataDir, 'phi-master.key');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  let key: Buffer;
  try {
    key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    await chmod(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    key = randomBytes(32);
    try {
      await writeFile(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
      key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    }
  }
  return fromBase64(key);
}

/** A master key given in configuration (`PHI_MASTER_KEY`, base64 of 32 bytes) for non-AWS servers. */
export function fromBase64(key: Buffer): MasterKey {
  const id = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return localMasterKey(id, key);
}

import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { StrongSecretSchema } from './config';

const LocalSecretsSchema = z.object({ sessionSecret: StrongSecretSchema });
export type LocalSecrets = z.infer<typeof LocalSecretsSchema>;

/**
 * The embedded default's secrets: generated once into the data dir, readable by the owner only
 * (0600), and reused on every later start. No default secret exists in the code.
 */
export async function loadOrCreateLocalSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = join(dataDir, 'secrets.json');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    const parsed = LocalSecretsSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    await chmod(file, 0o600);
    return parsed;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secrets: LocalSecrets = { sessionSecret: randomBytes(48).toString('base64url') };
  // 'wx' fails if another process created the file first; then read theirs.
  try {
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
    return secrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return LocalSecretsSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  }
}

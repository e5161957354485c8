import { randomBytes } from 'node:crypto';
import { phiDataKeys, type Database } from '@mentalspace/db';
import { asc, sql } from 'drizzle-orm';
import type { MasterKey } from './master-key';
import { createPhiCipher, type PhiCipher } from './phi-cipher';

/** Version 0 holds the blind-index key: it never rotates, so indexes stay comparable. */
const INDEX_KEY_VERSION = 0;

/** Creates a key version if it does not exist yet (two instances starting at once agree on one). */
async function ensureVersion(database: Database, master: MasterKey, version: number) {
  const wrapped = await master.wrap(randomBytes(32));
  await database.unsafeOwner
    .insert(phiDataKeys)
    .values({ version, wrappedKey: wrapped, wrappedBy: master.id })
    .onConflictDoNothing();
}

/**
 * Loads (creating on first start) the PHI data keys and the blind-index key, unwrapped by the
 * master key, into a cipher. Runs once at boot; plaintext keys live only in this process.
 */
export async function loadPhiCipher(database: Database, master: MasterKey): Promise<RefreshingPhiCipher> {
  let inner = await readPhiCipher(database, master);
  return {
    get currentVersion() {
      return inner.currentVersion;
    },
    encrypt: (plaintext, boundTo) => inner.encrypt(plaintext, boundTo),
    decrypt: (sealed, boundTo) => inner.decrypt(sealed, boundTo),
    versionOf: (sealed) => inner.versionOf(sealed),
    blindIndex: (value, purpose) => inner.blindIndex(value, purpose),
    async refresh() {
      inner = await readPhiCipher(database, master);
    },
  };
}

/** A cipher that picks up key versions added while the server runs (`refresh`, every minute). */
export interface RefreshingPhiCipher extends PhiCipher {
  refresh(): Promise<void>;
}

/** How often servers re-read the key ring; a rotation waits longer than this before re-encrypting. */
export const KEY_REFRESH_MS = 60_000;

async function readPhiCipher(database: Database, master: MasterKey): Promise<PhiCipher> {
  await ensureVersion(database, master, INDEX_KEY_VERSION);
  await ensureVersion(database, master, 1);
  const rows = await database.unsafeOwner.select().from(phiDataKeys).orderBy(asc(phiDataKeys.version));
  const keys = new Map<number, Buffer>();
  let indexKey: Buffer | undefined;
  for (const row of rows) {
    const key = await master.unwrap(row.wrappedKey);
    if (row.version === INDEX_KEY_VERSION) indexKey = key;
    else keys.set(row.version, key);
  }
  return createPhiCipher(keys, indexKey!);
}

/** Adds the next data key version (the start of a rotation); returns its number. */
export async function addPhiKeyVersion(database: Database, master: MasterKey): Promise<number> {
  const [row] = (
    (await database.unsafeOwner.execute(
      sql`select coalesce(max(version), 0) + 1 as next from phi_data_keys`,
    )) as {
      rows: { next: number }[];
    }
  ).rows;
  const next = Number(row!.next);
  await ensureVersion(database, master, next);
  return next;
}

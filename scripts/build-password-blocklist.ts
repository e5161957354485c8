/**
 * Regenerates apps/api/src/security/password/common-passwords.txt: the 20,000 most frequent
 * passwords of the breach-derived list that @zxcvbn-ts/language-common ships, lower-cased and
 * deduplicated, in frequency order. Run with `npx tsx scripts/build-password-blocklist.ts`.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dictionary } from '@zxcvbn-ts/language-common';

const SIZE = 20_000;
const target = fileURLToPath(
  new URL('../apps/api/src/security/password/common-passwords.txt', import.meta.url),
);
const source = (dictionary as Record<string, string[]>)['passwords-common'] ?? [];
const seen = new Set<string>();
for (const entry of source) {
  const word = entry.trim().toLowerCase();
  if (word) seen.add(word);
  if (seen.size >= SIZE) break;
}
await writeFile(target, [...seen].join('\n') + '\n');
process.stdout.write(`wrote ${seen.size} passwords to ${target}\n`);

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { unleet } from '@mentalspace/contracts';

let cached: Set<string> | null = null;

/**
 * Where the list lives. Resolved through the package rather than `import.meta.url` so that the
 * same path works from source, from tests and from the esbuild bundle in apps/api/dist, which
 * does not copy the .txt file beside itself.
 */
export function defaultCommonPasswordsFile(): string {
  return join(
    dirname(createRequire(import.meta.url).resolve('@mentalspace/api/package.json')),
    'src/security/password/common-passwords.txt',
  );
}

/**
 * The 20,000 most common breached passwords, lower-cased, in frequency order
 * (scripts/build-password-blocklist.ts). Read once and kept: the list never changes at runtime.
 */
export function loadCommonPasswords(file?: string): Set<string> {
  if (!file && cached) return cached;
  const text = readFileSync(file ?? defaultCommonPasswordsFile(), 'utf8');
  const set = new Set(
    text
      .split('\n')
      .map((line) => line.trim().toLowerCase())
      .filter(Boolean),
  );
  if (!file) cached = set;
  return set;
}

/**
 * Below this length a stripped core is too short to call the whole password common: "83!#29$@x1"
 * is not "x".
 */
const MIN_CORE = 4;

/**
 * Common as typed, or once the usual disguises are removed: case, digits and symbols added at
 * either end ("Password123!", "!2024dragon"), and leetspeak ("p@ssw0rd", "P@ssw0rd2024").
 */
export function isCommonPassword(
  password: string,
  list: ReadonlySet<string> = loadCommonPasswords(),
): boolean {
  const lower = password.toLowerCase();
  const cores = [
    lower.replace(/[\d\W_]+$/u, ''),
    lower.replace(/^[\d\W_]+/u, ''),
    lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, ''),
  ].filter((core) => core.length >= MIN_CORE);
  const candidates = [lower, unleet(lower), ...cores, ...cores.map(unleet)];
  return candidates.some((candidate) => candidate.length > 0 && list.has(candidate));
}

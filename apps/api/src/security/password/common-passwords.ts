import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: Set<string> | null = null;

/**
 * The 20,000 most common breached passwords (scripts/build-password-blocklist.ts). Resolved
 * through the package so that it loads from source, from tests and from the bundled server.
 */
export function loadCommonPasswords(file?: string): Set<string> {
  if (!file && cached) return cached;
  const path =
    file ??
    join(
      dirname(createRequire(import.meta.url).resolve('@mentalspace/api/package.json')),
      'src/security/password/common-passwords.txt',
    );
  const set = new Set(readFileSync(path, 'utf8').split('\n').filter(Boolean));
  if (!file) cached = set;
  return set;
}

const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '3': 'e',
  '1': 'i',
  '!': 'i',
  '0': 'o',
  $: 's',
  '5': 's',
  '7': 't',
};

/**
 * Common as typed, or once the usual disguises are removed: case, trailing digits and symbols
 * ("Password123!"), and leetspeak ("p@ssw0rd").
 */
export function isCommonPassword(password: string, list = loadCommonPasswords()): boolean {
  const lower = password.toLowerCase();
  const stripped = lower.replace(/[\d\W_]+$/u, '');
  const unleet = [...lower].map((c) => LEET[c] ?? c).join('');
  const unleetStripped = [...stripped].map((c) => LEET[c] ?? c).join('');
  return [lower, stripped, unleet, unleetStripped].some(
    (candidate) => candidate.length > 0 && list.has(candidate),
  );
}

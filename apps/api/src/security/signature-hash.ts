import { createHash } from 'node:crypto';

/** JSON with keys in a fixed order, so the same content always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A signature hash: SHA-256 over what was signed and its identity (for a note: note, client,
 * author, type, template, date of service), so a signature cannot be carried to other content or
 * another record.
 */
export function signatureHash(identity: Record<string, string | null>, content: unknown): string {
  return createHash('sha256').update(canonical({ identity, content })).digest('hex');
}

import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { AppError } from '../../app-error';

/**
 * Field-level PHI encryption: AES-256-GCM, a fresh 96-bit IV per value, and the record's identity
 * (`table:column:row id`) as additional authenticated data, so a ciphertext copied to another row
 * or column does not decrypt. A value reads `phi1.<key version>.<iv>.<ciphertext + tag>`.
 */
export interface PhiCipher {
  readonly currentVersion: number;
  encrypt(plaintext: string, boundTo: string): string;
  decrypt(sealed: string, boundTo: string): string;
  /** The key version a stored value was written with (for rotation). */
  versionOf(sealed: string): number;
  /** HMAC-SHA256 blind index for exact-match lookups (SSN, member id) without decrypting. */
  blindIndex(value: string, purpose: string): string;
}

const PREFIX = 'phi1';

/** Raised for a tampered, truncated, misplaced or unreadable value; it names no PHI. */
export const unreadable = () =>
  new AppError('internal_error', 'A protected value could not be read; it may have been altered');

export function createPhiCipher(dataKeys: ReadonlyMap<number, Buffer>, indexKey: Buffer): PhiCipher {
  const currentVersion = Math.max(...dataKeys.keys());
  if (!Number.isFinite(currentVersion)) throw new Error('no PHI data key is loaded');
  const keyOf = (version: number) => {
    const key = dataKeys.get(version);
    if (!key) throw unreadable();
    return key;
  };
  const parse = (sealed: string) => {
    const [prefix, version, iv, body] = sealed.split('.');
    if (prefix !== PREFIX || !version || !iv || !body || !/^\d+$/.test(version)) throw unreadable();
    return {
      version: Number(version),
      iv: Buffer.from(iv, 'base64url'),
      body: Buffer.from(body, 'base64url'),
    };
  };
  return {
    currentVersion,
    encrypt(plaintext, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyOf(currentVersion), iv);
      cipher.setAAD(Buffer.from(boundTo));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${PREFIX}.${currentVersion}.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    decrypt(sealed, boundTo) {
      const { version, iv, body } = parse(sealed);
      if (iv.length !== 12 || body.length < 16) throw unreadable();
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyOf(version), iv);
        decipher.setAAD(Buffer.from(boundTo));
        decipher.setAuthTag(body.subarray(body.length - 16));
        return Buffer.concat([
          decipher.update(body.subarray(0, body.length - 16)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw unreadable();
      }
    },
    versionOf: (sealed) => parse(sealed).version,
    blindIndex: (value, purpose) =>
      createHmac('sha256', indexKey)
        .update(`${purpose}\u0000${value.trim().toLowerCase()}`)
        .digest('base64url'),
  };
}

import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { SigningKey } from './tokens';

/**
 * AES-256-GCM for small credentials at rest (TOTP secrets), under keys derived from the signing
 * secrets: `v1.<kid>.<iv>.<ciphertext+tag>`, bound to its owner by additional data. The PHI key
 * ring of the HIPAA issue will replace the derivation; the format carries the key id for that.
 */
export function createSecretBox(keys: SigningKey[], purpose: string) {
  const derive = (key: Uint8Array) =>
    createHmac('sha256', key).update(`mentalspace/secret-box/${purpose}`).digest();
  const byKid = new Map(keys.map((k) => [k.kid, derive(k.key)]));
  const current = keys[0]!;
  return {
    seal(plaintext: string, boundTo: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', byKid.get(current.kid)!, iv);
      cipher.setAAD(Buffer.from(boundTo));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `v1.${current.kid}.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    /** Throws on a wrong key, a moved ciphertext or any tampering. */
    open(sealed: string, boundTo: string): string {
      const [version, kid, ivText, bodyText] = sealed.split('.');
      const key = kid ? byKid.get(kid) : undefined;
      if (version !== 'v1' || !key || !ivText || !bodyText) throw new Error('sealed value is not readable');
      const body = Buffer.from(bodyText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
      decipher.setAAD(Buffer.from(boundTo));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
export type SecretBox = ReturnType<typeof createSecretBox>;

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';

/** What wraps the PHI data keys: a local master key (embedded default) or an AWS KMS key. */
export interface MasterKey {
  /** Recorded with each wrapped data key: `local:<id>` or `kms:<key id>`. */
  readonly id: string;
  wrap(dataKey: Buffer): Promise<string>;
  unwrap(wrapped: string): Promise<Buffer>;
}

/** AES-256-GCM key wrap under a 32-byte master key kept in the data dir (mode 0600). */
export function localMasterKey(id: string, key: Buffer): MasterKey {
  if (key.length !== 32) throw new Error('the local master key must be 32 bytes');
  return {
    id: `local:${id}`,
    async wrap(dataKey) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
      return `${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    async unwrap(wrapped) {
      const [ivText, bodyText] = wrapped.split('.');
      if (!ivText || !bodyText) throw new Error('wrapped data key is malformed');
      const body = Buffer.from(bodyText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
    },
  };
}

/** AWS KMS: the data key is encrypted under the CMK; only tasks with kms:Decrypt can read PHI. */
export function kmsMasterKey(client: KMSClient, keyId: string): MasterKey {
  const context = { purpose: 'mentalspace-phi-data-key' };
  return {
    id: `kms:${keyId}`,
    async wrap(dataKey) {
      const out = await client.send(
        new EncryptCommand({ KeyId: keyId, Plaintext: dataKey, EncryptionContext: context }),
      );
      if (!out.CiphertextBlob) throw new Error('KMS returned no ciphertext');
      return Buffer.from(out.CiphertextBlob).toString('base64url');
    },
    async unwrap(wrapped) {
      const out = await client.send(
        new DecryptCommand({
          CiphertextBlob: Buffer.from(wrapped, 'base64url'),
          KeyId: keyId,
          EncryptionContext: context,
        }),
      );
      if (!out.Plaintext) throw new Error('KMS returned no plaintext');
      return Buffer.from(out.Plaintext);
    },
  };
}

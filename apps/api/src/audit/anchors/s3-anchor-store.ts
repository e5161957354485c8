import {
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
  type S3Client,
} from '@aws-sdk/client-s3';
import { anchorBody, anchorName, isChainId, parseAnchorName, type AuditAnchorStore } from './anchor-store';

export interface S3AnchorOptions {
  bucket: string;
  /** Key prefix, e.g. `audit-anchors/prod/`; ends with a slash. */
  prefix: string;
  /** How long each anchor stays locked (Object Lock, compliance mode): HIPAA keeps records six years. */
  retentionDays: number;
}

/**
 * Anchors in an S3 bucket with Object Lock in compliance mode: once written, nobody (the root
 * account included) can delete or overwrite one until its retention ends, so an anchor outlives
 * any compromise of the database or of this service's own credentials.
 */
export function s3AnchorStore(s3: S3Client, options: S3AnchorOptions): AuditAnchorStore {
  const { bucket, prefix, retentionDays } = options;
  return {
    location: `s3://${bucket}/${prefix}`,
    async put(anchor) {
      try {
        await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: `${prefix}${anchor.chain}/${anchorName(anchor)}`,
            Body: anchorBody(anchor),
            ContentType: 'application/json',
            // Never replaces an anchor, even within the lock's rules.
            IfNoneMatch: '*',
            ObjectLockMode: 'COMPLIANCE',
            ObjectLockRetainUntilDate: new Date(Date.now() + retentionDays * 86_400_000),
            ChecksumAlgorithm: 'SHA256',
          }),
        );
      } catch (error) {
        // 412: this very link is anchored already (another instance, or a retry).
        if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 412) return;
        throw error;
      }
    },
    async chains() {
      const chains: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            Delimiter: '/',
            ContinuationToken: token,
          }),
        );
        for (const p of page.CommonPrefixes ?? []) {
          const chain = p.Prefix?.slice(prefix.length, -1) ?? '';
          if (isChainId(chain)) chains.push(chain);
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return chains;
    },
    async *list(chain) {
      const folder = `${prefix}${chain}/`;
      let token: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: folder, ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) {
          const anchor = parseAnchorName(chain, object.Key?.slice(folder.length) ?? '');
          if (anchor) yield anchor;
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
  };
}

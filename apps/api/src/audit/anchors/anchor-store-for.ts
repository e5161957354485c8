import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../../config/config';
import type { AuditAnchorStore } from './anchor-store';
import { localAnchorStore } from './local-anchor-store';
import { s3AnchorStore } from './s3-anchor-store';

/** The anchor store the config names: an Object Lock bucket in production, the data dir otherwise. */
export function anchorStoreFor(config: Pick<Config, 'auditAnchors'>): AuditAnchorStore {
  const choice = config.auditAnchors;
  if (choice.kind === 'data-dir') return localAnchorStore(choice.directory);
  return s3AnchorStore(new S3Client(choice.region ? { region: choice.region } : {}), choice);
}

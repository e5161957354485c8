import { KMSClient } from '@aws-sdk/client-kms';
import type { Config } from '../../config/config';
import { fromBase64, loadOrCreateLocalMasterKey } from './local-master-key';
import { kmsMasterKey, type MasterKey } from './master-key';

/** The master key the config names: AWS KMS in production, a key file in the embedded data dir. */
export async function masterKeyFor(config: Pick<Config, 'phiMasterKey' | 'dataDir'>): Promise<MasterKey> {
  const choice = config.phiMasterKey;
  if (choice.kind === 'kms')
    return kmsMasterKey(new KMSClient(choice.region ? { region: choice.region } : {}), choice.keyId);
  if (choice.kind === 'configured') return fromBase64(choice.key);
  return loadOrCreateLocalMasterKey(config.dataDir);
}

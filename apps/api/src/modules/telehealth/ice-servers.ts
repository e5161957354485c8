import { createHmac } from 'node:crypto';
import type { IceServer } from '@mentalspace/contracts';

export interface IceConfig {
  stunUrls: string[];
  /** coturn with `use-auth-secret`: credentials are minted per participant, never stored. */
  turn: { urls: string[]; secret: string } | null;
}

/** How long a TURN credential works: a long session plus room for a reconnect. */
export const TURN_CREDENTIAL_SECONDS = 4 * 3_600;

/**
 * The ICE servers one participant may use. TURN credentials follow coturn's REST API scheme: the
 * username is `<expiry unix time>:<participant id>` and the password its HMAC-SHA1 under the shared
 * secret, so coturn checks them without a database and they lapse on their own.
 */
export function iceServersFor(config: IceConfig, participantId: string, now = new Date()): IceServer[] {
  const servers: IceServer[] = [];
  if (config.stunUrls.length > 0) servers.push({ urls: config.stunUrls });
  if (config.turn) {
    const username = `${Math.floor(now.getTime() / 1000) + TURN_CREDENTIAL_SECONDS}:${participantId}`;
    const credential = createHmac('sha1', config.turn.secret).update(username).digest('base64');
    servers.push({ urls: config.turn.urls, username, credential });
  }
  return servers;
}

import { createHash, randomBytes } from 'node:crypto';

/**
 * Single-use tokens in links (waitlist offers, reminder links, calendar feeds): 256 random bits,
 * URL-safe; only their SHA-256 is stored, so a database read never yields a working link.
 */
export const newLinkToken = () => randomBytes(32).toString('base64url');

export const hashLinkToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A chain head copied out of the database: "chain C had `hash` at link `seq`". Kept where the
 * database's own superuser cannot reach (an S3 bucket under Object Lock in production), it makes
 * the chain's past fixed: a chain rewritten from an edited event on (seals recomputed) no longer
 * matches it, and a chain cut short (the newest events deleted with their seals) falls short of it.
 */
export interface ChainAnchor {
  chain: string;
  seq: number;
  hash: string;
}

/** Where anchors live: write-once, never overwritten or deleted by the application. */
export interface AuditAnchorStore {
  /** Where the anchors are, for the verifier's report (a directory or an S3 URL). */
  readonly location: string;
  /** Writes one anchor; writing the same link twice is not an error. */
  put(anchor: ChainAnchor): Promise<void>;
  /** Every chain that has an anchor. */
  chains(): Promise<string[]>;
  /** A chain's anchors, in link order. */
  list(chain: string): AsyncIterable<ChainAnchor>;
}

const SEQ_DIGITS = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NAME = /^(\d{16})-([0-9a-f]{64})\.json$/;

/**
 * An anchor's name inside its chain's folder carries the link and hash, so that listing a folder
 * reads every anchor without opening one; zero-padded, names sort in link order.
 */
export function anchorName(anchor: ChainAnchor): string {
  return `${String(anchor.seq).padStart(SEQ_DIGITS, '0')}-${anchor.hash}.json`;
}

export function parseAnchorName(chain: string, name: string): ChainAnchor | null {
  const match = NAME.exec(name);
  return match ? { chain, seq: Number(match[1]), hash: match[2]! } : null;
}

export const isChainId = (value: string) => UUID.test(value);

/** The anchor file's body: the same facts, with when it was written, for a human reader. */
export const anchorBody = (anchor: ChainAnchor) =>
  `${JSON.stringify({ ...anchor, anchoredAt: new Date().toISOString() })}\n`;

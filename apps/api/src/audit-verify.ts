import { openDatabase } from '@mentalspace/db';
import { unsafeAnchorChainHeads } from './audit/anchors/anchor-chain-heads';
import { anchorStoreFor } from './audit/anchors/anchor-store-for';
import { unsafeSealAuditEvents, unsafeVerifyAuditChain } from './audit/audit-chain';
import { loadConfig } from './config/config';
import { readEnvironment } from './config/environment';
import { resolveBootEnvironment } from './config/secrets';

/**
 * `npm run audit:verify [-- --seal]`: walks every practice's audit hash chain, compares it with
 * the heads anchored outside the database, and names the first broken link of each. Exit 0 when
 * intact, 1 when broken. `--seal` first seals pending events and anchors the heads (as the
 * running server does every few seconds and every minute).
 */
async function main(argv: string[]) {
  const { env } = await resolveBootEnvironment(readEnvironment());
  const config = loadConfig(env);
  const database = await openDatabase(config.database);
  const anchors = anchorStoreFor(config);
  try {
    if (argv.includes('--seal')) {
      const { sealed } = await unsafeSealAuditEvents(database);
      const { anchored } = await unsafeAnchorChainHeads(database, anchors);
      process.stdout.write(`sealed ${sealed} pending events, anchored ${anchored} chain heads\n`);
    }
    const result = await unsafeVerifyAuditChain(database, { anchors });
    process.stdout.write(
      `${result.chains} chains, ${result.events} events verified, ${result.unsealed} not sealed yet\n` +
        `anchors: ${result.anchored} links matched (${anchors.location})\n`,
    );
    for (const b of result.breaks)
      process.stdout.write(
        `BROKEN chain ${b.chain} at link ${b.seq}: ${b.reason.replaceAll('_', ' ')}${b.eventId ? ` (event ${b.eventId})` : ''}\n`,
      );
    process.stdout.write(result.ok ? 'audit trail intact\n' : 'audit trail has been altered\n');
    return result.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit:verify failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);

import { sql } from 'drizzle-orm';
import type { BreachSettings } from '../settings';
import {
  latestBy,
  within,
  type Finding,
  type PlatformRuleContext,
  type PracticeFinding,
  type RowsQuery,
  type RuleContext,
  type SeenEvent,
} from './rule-context';

/**
 * Every audited way a sign-in can fail: the password step (staff and portal) and the second
 * factor (TOTP, passkey, backup code; portal TOTP). A guessed password followed by guessed codes
 * is one attack on one account, so they count together.
 */
const SIGN_IN_ACTIONS = [
  'auth.sign_in',
  'portal.sign_in',
  'mfa.totp_verified',
  'mfa.passkey_verified',
  'mfa.backup_code_used',
  'portal.mfa_verify',
] as const;
const isSignInFailure = (e: SeenEvent) =>
  (SIGN_IN_ACTIONS as readonly string[]).includes(e.action) && e.outcome !== 'success';
const SIGN_IN_FAILURE = sql`action in (${sql.join(
  SIGN_IN_ACTIONS.map((a) => sql`${a}`),
  sql`, `,
)}) and outcome <> 'success'`;

/** Repeated failures on one account (staff user or portal account), password or second factor. */
export async function failedSignIns(ctx: RuleContext): Promise<Finding[]> {
  const { failedSignInsPerAccount: perAccount, failedSignInWindowMinutes: window } = ctx.settings;
  const failures = ctx.events.filter(isSignInFailure);
  const findings: Finding[] = [];
  for (const [account, anchor] of latestBy(failures, (e) => e.resourceId)) {
    const n = await ctx.count(sql`select count(*) from audit_events
      where practice_id = ${ctx.practiceId}::uuid and ${SIGN_IN_FAILURE}
        and resource_id = ${account}::uuid and ${within(anchor, window)}`);
    if (n >= perAccount)
      findings.push({
        kind: 'failed_sign_ins',
        severity: 'medium',
        subjectUserId: account,
        summary: `${n} failed sign-ins on one account within ${window} minutes`,
        evidence: { failures: n, threshold: perAccount, windowMinutes: window },
        dedupeKey: `account:${account}`,
        windowMinutes: window,
      });
  }
  return findings;
}

/**
 * The accounts one address failed against, as one practice sees them: the practice's own
 * accounts (distinct) plus every failure against an e-mail that matches no account (those sit in
 * the platform chain with no practice and no account id, so each failure counts as one account:
 * a sprayer walks a list of addresses, most of which are not ours).
 */
async function sprayedAccounts(
  query: { rows: RowsQuery },
  practiceId: string,
  address: string,
  anchor: Date,
  window: number,
) {
  const [row] = await query.rows<{ known: number; unknown: number }>(sql`select
      (select count(distinct resource_id)::int from audit_events
        where practice_id = ${practiceId}::uuid and ${SIGN_IN_FAILURE}
          and ip = ${address}::inet and ${within(anchor, window)}) as known,
      (select count(*)::int from audit_events
        where practice_id is null and ${SIGN_IN_FAILURE}
          and ip = ${address}::inet and ${within(anchor, window)}) as unknown`);
  return { known: Number(row?.known ?? 0), unknown: Number(row?.unknown ?? 0) };
}

function sprayFinding(
  settings: BreachSettings,
  address: string,
  seen: { known: number; unknown: number },
): Finding | null {
  const { sprayAccountsPerAddress: threshold, failedSignInWindowMinutes: window } = settings;
  const accounts = seen.known + seen.unknown;
  if (seen.known === 0 || accounts < threshold) return null;
  return {
    kind: 'password_spraying',
    severity: 'high',
    summary: `One address failed to sign in to ${accounts} different accounts within ${window} minutes`,
    evidence: {
      address,
      accounts,
      practiceAccounts: seen.known,
      unknownAccountFailures: seen.unknown,
      threshold,
      windowMinutes: window,
    },
    dedupeKey: `address:${address}`,
    windowMinutes: window,
  };
}

/** One address failing across accounts (password spraying), the practice's and unknown ones. */
export async function passwordSpraying(ctx: RuleContext): Promise<Finding[]> {
  const failures = ctx.events.filter((e) => isSignInFailure(e) && e.ip);
  const findings: Finding[] = [];
  for (const [address, anchor] of latestBy(failures, (e) => e.ip)) {
    const seen = await sprayedAccounts(
      ctx,
      ctx.practiceId,
      address,
      anchor,
      ctx.settings.failedSignInWindowMinutes,
    );
    const finding = sprayFinding(ctx.settings, address, seen);
    if (finding) findings.push(finding);
  }
  return findings;
}

/**
 * Spraying seen from the platform chain, where failures against unknown e-mails land. An alert
 * needs a practice, and a practice can act only on an attack that touched it, so: every practice
 * one of whose accounts failed from the same address within its window is alerted, counting the
 * unknown-account failures together with its own (`sprayedAccounts`). Failures against unknown
 * e-mails alone alert nobody. The practice chain's rule counts the same way, so whichever of the
 * two chains holds the later failures sees the whole burst, and the shared dedupe key keeps it to
 * one alert.
 */
export async function sprayingAgainstUnknownAccounts(ctx: PlatformRuleContext): Promise<PracticeFinding[]> {
  const failures = ctx.events.filter((e) => isSignInFailure(e) && e.ip);
  if (failures.length === 0 || ctx.practices.length === 0) return [];
  const settings = new Map(ctx.practices.map((p) => [p.id, p.settings]));
  const widest = Math.max(...ctx.practices.map((p) => p.settings.failedSignInWindowMinutes));
  const findings: PracticeFinding[] = [];
  for (const [address, anchor] of latestBy(failures, (e) => e.ip)) {
    // Which practices' accounts this address also failed against (the time index, then the address).
    const targeted = await ctx.rows<{ practice_id: string }>(sql`select distinct practice_id::text
      from audit_events where ${within(anchor, widest)} and practice_id is not null
        and ${SIGN_IN_FAILURE} and ip = ${address}::inet`);
    for (const { practice_id: practiceId } of targeted) {
      const own = settings.get(practiceId);
      if (!own) continue;
      const seen = await sprayedAccounts(ctx, practiceId, address, anchor, own.failedSignInWindowMinutes);
      const finding = sprayFinding(own, address, seen);
      if (finding) findings.push({ ...finding, practiceId });
    }
  }
  return findings;
}

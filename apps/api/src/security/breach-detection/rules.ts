import { afterHours } from './rules/after-hours';
import { excessiveAccess } from './rules/excessive-access';
import { bulkExport, recordsListed, recordsOpened } from './rules/exfiltration';
import { roleEscalation } from './rules/role-escalation';
import { failedSignIns, passwordSpraying } from './rules/sign-ins';

export type {
  Finding,
  PlatformRuleContext,
  PracticeFinding,
  RuleContext,
  SeenEvent,
} from './rules/rule-context';
export { sprayingAgainstUnknownAccounts } from './rules/sign-ins';

/**
 * Every practice rule, one file per kind of finding under rules/: each reads the batch of new
 * events and asks the audit log only for windowed counts on indexed columns.
 */
export const RULES = [
  excessiveAccess,
  failedSignIns,
  passwordSpraying,
  afterHours,
  roleEscalation,
  bulkExport,
  recordsListed,
  recordsOpened,
];

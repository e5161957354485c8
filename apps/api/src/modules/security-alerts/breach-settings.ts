import type { BreachSettings, UpdateBreachSettingsBody } from '@mentalspace/contracts';
import { AppError } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { canReviewAudit } from '../../security/policy';
import { findBreachSettings, storeBreachSettings } from './breach-settings-repo';

const refused = () =>
  new AppError('forbidden', 'Only owners and administrators see and change breach-detection thresholds');

/** The thresholds the breach rules apply to this practice, defaults filled in. */
export async function getBreachSettings(ctx: ServiceContext): Promise<BreachSettings> {
  if (!canReviewAudit(ctx.scope)) throw refused();
  return ctx.database.inPractice(ctx.scope.practiceId, (tx) => findBreachSettings(tx, ctx.scope));
}

/**
 * Saves the whole set of thresholds, audited with the keys that changed, from what to what. A save
 * that changes nothing writes nothing.
 */
export async function updateBreachSettings(
  ctx: ServiceContext,
  next: UpdateBreachSettingsBody,
): Promise<BreachSettings> {
  if (!canReviewAudit(ctx.scope)) throw refused();
  return ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const before = await findBreachSettings(tx, ctx.scope, { forUpdate: true });
    const changed = changedKeys(before, next);
    if (changed.length === 0) return before;
    await storeBreachSettings(tx, ctx.scope, next);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'practice.breach_settings_changed',
      resourceType: 'practice',
      resourceId: ctx.scope.practiceId,
      // Thresholds are not PHI, and a lowered guard is what an insider about to take data would
      // do first: the event keeps what each changed key was and became.
      details: {
        changed: changed.join(','),
        before: JSON.stringify(pick(before, changed)),
        after: JSON.stringify(pick(next, changed)),
      },
    });
    return findBreachSettings(tx, ctx.scope);
  });
}

const pick = (settings: BreachSettings, keys: (keyof BreachSettings)[]) =>
  Object.fromEntries(keys.map((key) => [key, settings[key]]));

function changedKeys(before: BreachSettings, next: BreachSettings): (keyof BreachSettings)[] {
  return (Object.keys(next) as (keyof BreachSettings)[])
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(next[key]))
    .sort();
}

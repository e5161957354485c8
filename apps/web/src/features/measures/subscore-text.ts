import type { MeasureResponse } from '@mentalspace/contracts';

/**
 * A response's subscale sums in one line ("B 12/20 · C 6/8 · …"), or '' when the instrument has
 * none. The keys are the published ones (PCL-5: the DSM-5 clusters B–E), which clinicians read.
 */
export function subscoreText(subscores: MeasureResponse['subscores'], separator = ' · '): string {
  return subscores.map((s) => `${s.key} ${s.score}/${s.maxScore}`).join(separator);
}

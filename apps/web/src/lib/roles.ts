import type { StaffRole } from '@mentalspace/contracts';

export const ROLE_LABELS: Record<StaffRole, string> = {
  owner: 'Owner',
  admin: 'Administrator',
  clinician: 'Clinician',
  supervisor: 'Supervisor',
  front_desk: 'Front desk',
  biller: 'Biller',
};

/** What the signed-in manager may grant: the server decides (policy.canGrantRole); this only hides what it would refuse. */
export function grantableRoles(actor: StaffRole): StaffRole[] {
  const all = Object.keys(ROLE_LABELS) as StaffRole[];
  return actor === 'owner' ? all : all.filter((r) => r !== 'owner');
}

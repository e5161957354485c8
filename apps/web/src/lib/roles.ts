import type { StaffRole } from '@mentalspace/contracts';

export const ROLE_LABELS: Record<StaffRole, string> = {
  owner: 'Owner',
  admin: 'Administrator',
  clinician: 'Clinician',
  supervisor: 'Supervisor',
  front_desk: 'Front desk',
  biller: 'Biller',
  super_admin: 'Platform administrator',
};

/** What the signed-in manager may grant: the server decides (policy.canGrantRole); this only hides what it would refuse. */
export function grantableRoles(actor: StaffRole): StaffRole[] {
  // super_admin is granted from the command line only.
  const all = (Object.keys(ROLE_LABELS) as StaffRole[]).filter((r) => r !== 'super_admin');
  return actor === 'owner' ? all : all.filter((r) => r !== 'owner');
}

import { foreignKey, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { id, practiceId, timestamps } from './columns';

export const practices = pgTable('practices', {
  id: id(),
  name: text('name').notNull(),
  /** IANA zone used for the practice's calendar days and deadlines. */
  timeZone: text('time_zone').notNull(),
  /** Security settings (idle timeout, MFA requirement, password policy), validated by the API. */
  securitySettings: jsonb('security_settings').$type<Record<string, unknown>>().notNull().default({}),
  /** Clinical settings (note deadline, co-signing), validated by the API. */
  clinicalSettings: jsonb('clinical_settings').$type<Record<string, unknown>>().notNull().default({}),
  /** Scheduling settings (late-cancel window, reminder offsets, waitlist offers), validated by the API. */
  schedulingSettings: jsonb('scheduling_settings').$type<Record<string, unknown>>().notNull().default({}),
  ...timestamps(),
});

export const locations = pgTable(
  'locations',
  {
    id: id(),
    practiceId: practiceId(),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull(),
    addressLine1: text('address_line1'),
    city: text('city'),
    region: text('region'),
    postalCode: text('postal_code'),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId], foreignColumns: [practices.id] }),
    index('locations_practice_idx').on(t.practiceId),
  ],
);

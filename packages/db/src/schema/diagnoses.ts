import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { clients } from './clients';
import { users } from './users';
import { id, practiceId, timestamps } from './columns';

/** ICD-10-CM reference codes (the F chapter and the Z codes practices use); shared by all practices. */
export const diagnosisCodes = pgTable(
  'diagnosis_codes',
  {
    code: text('code').primaryKey(),
    description: text('description').notNull(),
    /** Lower-cased code and description, for one `like` over both. */
    searchText: text('search_text').notNull(),
  },
  (t) => [index('diagnosis_codes_search_idx').using('gin', sql`${t.searchText} gin_trgm_ops`)],
);

export const diagnosisStatus = pgEnum('diagnosis_status', ['active', 'provisional', 'rule_out', 'resolved']);

export const clientDiagnoses = pgTable(
  'client_diagnoses',
  {
    id: id(),
    practiceId: practiceId(),
    clientId: uuid('client_id').notNull(),
    code: text('code')
      .notNull()
      .references(() => diagnosisCodes.code),
    status: diagnosisStatus('status').notNull(),
    onsetDate: date('onset_date', { mode: 'string' }),
    /** 1 is principal; the order claims list them in. */
    rank: integer('rank').notNull(),
    diagnosedBy: uuid('diagnosed_by')
      .notNull()
      .references(() => users.id),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    unique('client_diagnoses_code_unique').on(t.practiceId, t.clientId, t.code),
    check('client_diagnoses_rank_check', sql`${t.rank} >= 1`),
  ],
);

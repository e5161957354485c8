/**
 * Every encrypted column, and how its values are bound (the AAD each was sealed with). Key
 * rotation walks this list; a new encrypted column is added here, or rotation leaves it behind.
 * rotate-every-column.test.ts seeds every entry through its service, rotates, and fails if an
 * entry has no seed value, if any text column still holds a value at the old version, or if a
 * value no longer opens with the binding given here.
 */
export interface SealedTable {
  table: string;
  columns: readonly { column: string; boundTo: (id: string) => string }[];
}

const col = (table: string, column: string, name = column) => ({
  column,
  boundTo: (id: string) => `${table}:${name}:${id}`,
});

export const SEALED_TABLES: readonly SealedTable[] = [
  {
    table: 'disclosures',
    columns: [
      col('disclosures', 'recipient'),
      col('disclosures', 'recipient_address', 'recipientAddress'),
      col('disclosures', 'description'),
      col('disclosures', 'purpose'),
    ],
  },
  {
    table: 'clinical_notes',
    columns: [col('clinical_notes', 'content'), col('clinical_notes', 'returned_comment')],
  },
  { table: 'note_revisions', columns: [col('note_revisions', 'content'), col('note_revisions', 'comment')] },
  { table: 'note_addenda', columns: [col('note_addenda', 'body')] },
  { table: 'psychotherapy_notes', columns: [col('psychotherapy_notes', 'body')] },
  { table: 'measure_responses', columns: [col('measure_responses', 'answers')] },
  { table: 'risk_flags', columns: [col('risk_flags', 'resolution')] },
  { table: 'treatment_plans', columns: [col('treatment_plans', 'content')] },
  { table: 'insurance_policies', columns: [col('insurance_policies', 'member_id')] },
  // Its blind index (ssn_index) uses the never-rotated index key and is left as it is.
  { table: 'clients', columns: [col('clients', 'ssn')] },
  { table: 'secure_messages', columns: [col('secure_messages', 'body')] },
];

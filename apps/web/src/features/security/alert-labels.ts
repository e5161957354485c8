export const SEVERITY_COLORS = { low: 'gray', medium: 'yellow', high: 'orange', critical: 'red' } as const;

/** Each alert rule in a sentence, for notices that carry the rule and nothing else. */
const RULE_LABELS: Record<string, string> = {
  emergency_access: 'A chart was opened by emergency access',
  excessive_phi_access: 'Unusually many charts were opened by one person',
  failed_sign_ins: 'Repeated failed sign-ins on one account',
  password_spraying: 'Failed sign-ins across accounts from one address',
  after_hours_access: 'Client records were opened outside working hours',
  role_escalation_attempt: 'Someone tried to act beyond their role',
  bulk_export: 'A large export of records',
  bulk_download: 'Many records were listed or opened by one person',
};

export const ruleLabel = (rule: string) => RULE_LABELS[rule] ?? 'A breach-detection rule fired';

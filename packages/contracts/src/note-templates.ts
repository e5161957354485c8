/**
 * Clinical note types and their structured templates. A note's content is the template's
 * sections (free text each), plus — where clinicians expect them — a mental status exam and a
 * risk assessment. Shared by the API (which validates content against the template) and the
 * editor in the web app.
 */

export const NOTE_TYPES = [
  'intake',
  'progress',
  'treatment_plan_review',
  'group',
  'contact',
  'discharge',
] as const;
export type NoteType = (typeof NOTE_TYPES)[number];

export const NOTE_TEMPLATES = [
  'intake',
  'soap',
  'dap',
  'birp',
  'treatment_plan_review',
  'group',
  'contact',
  'discharge',
] as const;
export type NoteTemplateId = (typeof NOTE_TEMPLATES)[number];

export interface NoteSection {
  key: string;
  label: string;
  hint: string;
}

export interface NoteTemplate {
  id: NoteTemplateId;
  label: string;
  sections: readonly NoteSection[];
  mentalStatusExam: boolean;
  riskAssessment: boolean;
}

const s = (key: string, label: string, hint: string): NoteSection => ({ key, label, hint });

export const TEMPLATES: Readonly<Record<NoteTemplateId, NoteTemplate>> = {
  intake: {
    id: 'intake',
    label: 'Intake / diagnostic assessment',
    sections: [
      s('presentingProblem', 'Presenting problem', 'In the client’s words, and why now'),
      s('history', 'History of present illness', 'Onset, course, severity, precipitants'),
      s(
        'psychiatricHistory',
        'Psychiatric history',
        'Prior diagnoses, treatment, hospitalizations, medications',
      ),
      s('substanceUse', 'Substance use', 'Alcohol, drugs, tobacco; amount, frequency, consequences'),
      s('medicalHistory', 'Medical history', 'Conditions, medications, allergies, primary care'),
      s(
        'socialHistory',
        'Family and social history',
        'Family, relationships, work, school, supports, trauma',
      ),
      s('diagnosticImpressions', 'Diagnostic impressions', 'Formulation and the diagnoses it supports'),
      s('plan', 'Plan', 'Recommended treatment, frequency, referrals'),
    ],
    mentalStatusExam: true,
    riskAssessment: true,
  },
  soap: {
    id: 'soap',
    label: 'Progress note — SOAP',
    sections: [
      s('subjective', 'Subjective', 'What the client reports'),
      s('objective', 'Objective', 'What you observed; measures'),
      s('assessment', 'Assessment', 'Clinical interpretation and progress toward goals'),
      s('plan', 'Plan', 'Next steps, homework, next session'),
    ],
    mentalStatusExam: true,
    riskAssessment: true,
  },
  dap: {
    id: 'dap',
    label: 'Progress note — DAP',
    sections: [
      s('data', 'Data', 'Subjective and objective information from the session'),
      s('assessment', 'Assessment', 'Clinical interpretation and progress toward goals'),
      s('plan', 'Plan', 'Next steps, homework, next session'),
    ],
    mentalStatusExam: true,
    riskAssessment: true,
  },
  birp: {
    id: 'birp',
    label: 'Progress note — BIRP',
    sections: [
      s('behavior', 'Behavior', 'Presentation, reported and observed behavior'),
      s('intervention', 'Intervention', 'What you did: modality and techniques'),
      s('response', 'Response', 'How the client responded'),
      s('plan', 'Plan', 'Next steps, homework, next session'),
    ],
    mentalStatusExam: true,
    riskAssessment: true,
  },
  treatment_plan_review: {
    id: 'treatment_plan_review',
    label: 'Treatment plan review',
    sections: [
      s('progress', 'Progress toward goals', 'Per goal and objective, with measures'),
      s('barriers', 'Barriers', 'What is getting in the way'),
      s('changes', 'Changes to the plan', 'Goals, objectives or interventions added, changed or met'),
    ],
    mentalStatusExam: false,
    riskAssessment: true,
  },
  group: {
    id: 'group',
    label: 'Group note',
    sections: [
      s('topic', 'Group topic', 'Theme and content of the session'),
      s('participation', 'Participation', 'This client’s engagement and contributions'),
      s('intervention', 'Interventions', 'Facilitator interventions'),
      s('response', 'Response', 'This client’s response'),
      s('plan', 'Plan', 'Next steps'),
    ],
    mentalStatusExam: false,
    riskAssessment: true,
  },
  contact: {
    id: 'contact',
    label: 'Contact note',
    sections: [
      s('method', 'Contact', 'With whom, how (phone, e-mail, in person), and how long'),
      s('summary', 'Summary', 'What was discussed and decided'),
    ],
    mentalStatusExam: false,
    riskAssessment: false,
  },
  discharge: {
    id: 'discharge',
    label: 'Discharge summary',
    sections: [
      s('reason', 'Reason for discharge', 'Goals met, client’s choice, referral, no contact'),
      s('course', 'Course of treatment', 'Dates, modality, frequency, what was worked on'),
      s('status', 'Status at discharge', 'Symptoms, measures and functioning at the end'),
      s('recommendations', 'Recommendations', 'Aftercare, referrals, how to return'),
    ],
    mentalStatusExam: false,
    riskAssessment: true,
  },
};

/** Which templates each note type may use (progress notes choose SOAP, DAP or BIRP). */
export const TEMPLATES_FOR_TYPE: Readonly<Record<NoteType, readonly NoteTemplateId[]>> = {
  intake: ['intake'],
  progress: ['soap', 'dap', 'birp'],
  treatment_plan_review: ['treatment_plan_review'],
  group: ['group'],
  contact: ['contact'],
  discharge: ['discharge'],
};

export const NOTE_TYPE_LABELS: Readonly<Record<NoteType, string>> = {
  intake: 'Intake / diagnostic assessment',
  progress: 'Progress note',
  treatment_plan_review: 'Treatment plan review',
  group: 'Group note',
  contact: 'Contact note',
  discharge: 'Discharge summary',
};

/** The mental status exam's domains, each with the findings clinicians pick from (or free text). */
export const MSE_DOMAINS = [
  { key: 'appearance', label: 'Appearance', choices: ['Well groomed', 'Disheveled', 'Unusual dress'] },
  { key: 'behavior', label: 'Behavior', choices: ['Cooperative', 'Guarded', 'Agitated', 'Withdrawn'] },
  { key: 'speech', label: 'Speech', choices: ['Normal', 'Pressured', 'Slow', 'Soft', 'Loud'] },
  { key: 'mood', label: 'Mood', choices: ['Euthymic', 'Depressed', 'Anxious', 'Irritable', 'Elevated'] },
  { key: 'affect', label: 'Affect', choices: ['Congruent', 'Flat', 'Blunted', 'Labile', 'Restricted'] },
  {
    key: 'thoughtProcess',
    label: 'Thought process',
    choices: ['Linear', 'Circumstantial', 'Tangential', 'Disorganized'],
  },
  {
    key: 'thoughtContent',
    label: 'Thought content',
    choices: ['Unremarkable', 'Preoccupations', 'Obsessions', 'Delusions'],
  },
  { key: 'perception', label: 'Perception', choices: ['No disturbance', 'Hallucinations reported'] },
  { key: 'cognition', label: 'Cognition', choices: ['Oriented ×4', 'Impaired attention', 'Impaired memory'] },
  { key: 'insight', label: 'Insight', choices: ['Good', 'Fair', 'Poor'] },
  { key: 'judgment', label: 'Judgment', choices: ['Good', 'Fair', 'Poor'] },
] as const;

export const RISK_LEVELS = ['none', 'low', 'moderate', 'high'] as const;
export const IDEATION = ['denied', 'passive', 'active_without_plan', 'active_with_plan'] as const;

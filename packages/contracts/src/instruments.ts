/**
 * Standardized measures, as published: exact item wording, response options, scoring and
 * severity bands. Shared by the API (which scores authoritatively) and the web app (which shows
 * the form and a live total). An instrument's id and version are stored with every response, so a
 * later wording change is a new version and never rewrites old scores.
 */

export type InstrumentId = 'phq9' | 'gad7' | 'cssrs_screen' | 'pcl5';

export interface InstrumentOption {
  value: number;
  label: string;
}

export interface InstrumentItem {
  /** Stable key of the item in stored answers: `1`, `2`, … `6a`. */
  key: string;
  text: string;
  options: readonly InstrumentOption[];
  /** Counted in the total (PHQ-9's difficulty question is asked but not scored). */
  scored: boolean;
  /** Asked only when another item has this answer (C-SSRS's skip logic). */
  askedWhen?: { key: string; value: number };
  /** May be left unanswered. */
  optional?: boolean;
}

export interface SeverityBand {
  min: number;
  max: number;
  label: string;
}

/** A published subscale: the sum of some items, reported beside the total (PCL-5's DSM-5 clusters). */
export interface Subscale {
  key: string;
  label: string;
  items: readonly string[];
}

export interface Instrument {
  id: InstrumentId;
  version: number;
  name: string;
  shortName: string;
  instructions: string;
  items: readonly InstrumentItem[];
  /** Total-score bands; empty for instruments scored by rule (C-SSRS). */
  bands: readonly SeverityBand[];
  /** Subscales scored beside the total; empty when the instrument publishes none. */
  subscales: readonly Subscale[];
  maxScore: number;
}

const frequency: readonly InstrumentOption[] = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'Several days' },
  { value: 2, label: 'More than half the days' },
  { value: 3, label: 'Nearly every day' },
];

const yesNo: readonly InstrumentOption[] = [
  { value: 0, label: 'No' },
  { value: 1, label: 'Yes' },
];

const frequencyItem = (key: string, text: string): InstrumentItem => ({
  key,
  text,
  options: frequency,
  scored: true,
});

export const PHQ9: Instrument = {
  id: 'phq9',
  version: 1,
  name: 'Patient Health Questionnaire-9',
  shortName: 'PHQ-9',
  instructions: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  items: [
    frequencyItem('1', 'Little interest or pleasure in doing things'),
    frequencyItem('2', 'Feeling down, depressed, or hopeless'),
    frequencyItem('3', 'Trouble falling or staying asleep, or sleeping too much'),
    frequencyItem('4', 'Feeling tired or having little energy'),
    frequencyItem('5', 'Poor appetite or overeating'),
    frequencyItem(
      '6',
      'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
    ),
    frequencyItem(
      '7',
      'Trouble concentrating on things, such as reading the newspaper or watching television',
    ),
    frequencyItem(
      '8',
      'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
    ),
    frequencyItem('9', 'Thoughts that you would be better off dead or of hurting yourself in some way'),
    {
      key: '10',
      text: 'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
      options: [
        { value: 0, label: 'Not difficult at all' },
        { value: 1, label: 'Somewhat difficult' },
        { value: 2, label: 'Very difficult' },
        { value: 3, label: 'Extremely difficult' },
      ],
      scored: false,
      optional: true,
    },
  ],
  bands: [
    { min: 0, max: 4, label: 'Minimal' },
    { min: 5, max: 9, label: 'Mild' },
    { min: 10, max: 14, label: 'Moderate' },
    { min: 15, max: 19, label: 'Moderately severe' },
    { min: 20, max: 27, label: 'Severe' },
  ],
  subscales: [],
  maxScore: 27,
};

export const GAD7: Instrument = {
  id: 'gad7',
  version: 1,
  name: 'Generalized Anxiety Disorder-7',
  shortName: 'GAD-7',
  instructions: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  items: [
    frequencyItem('1', 'Feeling nervous, anxious, or on edge'),
    frequencyItem('2', 'Not being able to stop or control worrying'),
    frequencyItem('3', 'Worrying too much about different things'),
    frequencyItem('4', 'Trouble relaxing'),
    frequencyItem('5', 'Being so restless that it is hard to sit still'),
    frequencyItem('6', 'Becoming easily annoyed or irritable'),
    frequencyItem('7', 'Feeling afraid, as if something awful might happen'),
  ],
  bands: [
    { min: 0, max: 4, label: 'Minimal' },
    { min: 5, max: 9, label: 'Mild' },
    { min: 10, max: 14, label: 'Moderate' },
    { min: 15, max: 21, label: 'Severe' },
  ],
  subscales: [],
  maxScore: 21,
};

/** Columbia Suicide Severity Rating Scale, screen version (past month), with its skip logic. */
export const CSSRS_SCREEN: Instrument = {
  id: 'cssrs_screen',
  version: 1,
  name: 'Columbia Suicide Severity Rating Scale — Screener',
  shortName: 'C-SSRS',
  instructions: 'Past month. Answer each question yes or no.',
  items: [
    {
      key: '1',
      text: 'Have you wished you were dead or wished you could go to sleep and not wake up?',
      options: yesNo,
      scored: true,
    },
    {
      key: '2',
      text: 'Have you actually had any thoughts of killing yourself?',
      options: yesNo,
      scored: true,
    },
    {
      key: '3',
      text: 'Have you been thinking about how you might do this?',
      options: yesNo,
      scored: true,
      askedWhen: { key: '2', value: 1 },
    },
    {
      key: '4',
      text: 'Have you had these thoughts and had some intention of acting on them?',
      options: yesNo,
      scored: true,
      askedWhen: { key: '2', value: 1 },
    },
    {
      key: '5',
      text: 'Have you started to work out or worked out the details of how to kill yourself? Do you intend to carry out this plan?',
      options: yesNo,
      scored: true,
      askedWhen: { key: '2', value: 1 },
    },
    {
      key: '6',
      text: 'Have you ever done anything, started to do anything, or prepared to do anything to end your life?',
      options: yesNo,
      scored: true,
    },
    {
      key: '6a',
      text: 'Was this within the past 3 months?',
      options: yesNo,
      scored: false,
      askedWhen: { key: '6', value: 1 },
    },
  ],
  bands: [],
  subscales: [],
  maxScore: 6,
};

const bother: readonly InstrumentOption[] = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'A little bit' },
  { value: 2, label: 'Moderately' },
  { value: 3, label: 'Quite a bit' },
  { value: 4, label: 'Extremely' },
];

const botherItem = (key: string, text: string): InstrumentItem => ({
  key,
  text,
  options: bother,
  scored: true,
});

/** The PCL-5 cut-point: a total at or above it is read as probable PTSD (see the bands below). */
export const PCL5_THRESHOLD = 33;

/**
 * PTSD Checklist for DSM-5 (Weathers, Litz, Keane, Palmieri, Marx & Schnurr, 2013; National Center
 * for PTSD, public domain), the standard past-month form without the Criterion A section. The item
 * wording is the published one; the instructions say "choose one answer" where the paper form
 * says "circle one of the numbers to the right". No answer raises a risk flag: item 16 (taking
 * risks) is not a self-harm screen, so a C-SSRS is the instrument to pair with it for that.
 */
export const PCL5: Instrument = {
  id: 'pcl5',
  version: 1,
  name: 'PTSD Checklist for DSM-5',
  shortName: 'PCL-5',
  instructions:
    'Below is a list of problems that people sometimes have in response to a very stressful experience. Please read each problem carefully and then choose one answer to indicate how much you have been bothered by that problem in the past month. In the past month, how much were you bothered by:',
  items: [
    botherItem('1', 'Repeated, disturbing, and unwanted memories of the stressful experience?'),
    botherItem('2', 'Repeated, disturbing dreams of the stressful experience?'),
    botherItem(
      '3',
      'Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?',
    ),
    botherItem('4', 'Feeling very upset when something reminded you of the stressful experience?'),
    botherItem(
      '5',
      'Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?',
    ),
    botherItem('6', 'Avoiding memories, thoughts, or feelings related to the stressful experience?'),
    botherItem(
      '7',
      'Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?',
    ),
    botherItem('8', 'Trouble remembering important parts of the stressful experience?'),
    botherItem(
      '9',
      'Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?',
    ),
    botherItem(
      '10',
      'Blaming yourself or someone else for the stressful experience or what happened after it?',
    ),
    botherItem('11', 'Having strong negative feelings such as fear, horror, anger, guilt, or shame?'),
    botherItem('12', 'Loss of interest in activities that you used to enjoy?'),
    botherItem('13', 'Feeling distant or cut off from other people?'),
    botherItem(
      '14',
      'Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?',
    ),
    botherItem('15', 'Irritable behavior, angry outbursts, or acting aggressively?'),
    botherItem('16', 'Taking too many risks or doing things that could cause you harm?'),
    botherItem('17', 'Being "superalert" or watchful or on guard?'),
    botherItem('18', 'Feeling jumpy or easily startled?'),
    botherItem('19', 'Having difficulty concentrating?'),
    botherItem('20', 'Trouble falling or staying asleep?'),
  ],
  // The PCL-5 publishes no severity bands, only a cut-point. The National Center for PTSD's PCL-5
  // scoring guidance (https://www.ptsd.va.gov/professional/assessment/adult-sr/ptsd-checklist.asp)
  // reports cut-points of 31–33 as indicative of probable PTSD and proposes 33 until further
  // psychometric work is available; so there are two bands, split at 33, and no finer grading.
  bands: [
    { min: 0, max: PCL5_THRESHOLD - 1, label: 'Below threshold' },
    { min: PCL5_THRESHOLD, max: 80, label: 'Probable PTSD' },
  ],
  // DSM-5 symptom clusters, scored as the sums of their items (same source).
  subscales: [
    { key: 'B', label: 'Intrusion', items: ['1', '2', '3', '4', '5'] },
    { key: 'C', label: 'Avoidance', items: ['6', '7'] },
    {
      key: 'D',
      label: 'Negative alterations in cognition and mood',
      items: ['8', '9', '10', '11', '12', '13', '14'],
    },
    {
      key: 'E',
      label: 'Alterations in arousal and reactivity',
      items: ['15', '16', '17', '18', '19', '20'],
    },
  ],
  maxScore: 80,
};

export const INSTRUMENTS: Readonly<Record<InstrumentId, Instrument>> = {
  phq9: PHQ9,
  gad7: GAD7,
  cssrs_screen: CSSRS_SCREEN,
  pcl5: PCL5,
};

export type RiskLevel = 'none' | 'low' | 'moderate' | 'high';

export interface Subscore {
  key: string;
  label: string;
  score: number;
  maxScore: number;
}

export interface MeasureScore {
  total: number;
  severity: string;
  /** One per subscale of the instrument, in its order; empty when it has none. */
  subscores: Subscore[];
  /** Why the response raises a risk flag, or null when it does not. */
  riskReason: string | null;
  riskLevel: RiskLevel;
}

export type Answers = Readonly<Record<string, number>>;

/** The items that must be answered given the answers so far (skip logic applied). */
export function askedItems(instrument: Instrument, answers: Answers): InstrumentItem[] {
  return instrument.items.filter(
    (item) => !item.askedWhen || answers[item.askedWhen.key] === item.askedWhen.value,
  );
}

/**
 * Checks a set of answers against the instrument: each asked item answered with one of its
 * values, nothing answered that was not asked. Returns problems keyed by item, empty when valid.
 */
export function answerProblems(instrument: Instrument, answers: Answers): { key: string; message: string }[] {
  const problems: { key: string; message: string }[] = [];
  const asked = askedItems(instrument, answers);
  const askedKeys = new Set(asked.map((i) => i.key));
  for (const item of asked) {
    const value = answers[item.key];
    if (value === undefined) {
      if (!item.optional) problems.push({ key: item.key, message: `item ${item.key} is not answered` });
    } else if (!item.options.some((o) => o.value === value)) {
      problems.push({ key: item.key, message: `item ${item.key} has no answer ${value}` });
    }
  }
  for (const key of Object.keys(answers)) {
    if (!askedKeys.has(key))
      problems.push({ key, message: `item ${key} is not part of this form as answered` });
  }
  return problems;
}

function cssrsRisk(answers: Answers): RiskLevel {
  const yes = (key: string) => answers[key] === 1;
  if (yes('4') || yes('5') || (yes('6') && yes('6a'))) return 'high';
  if (yes('3') || yes('6')) return 'moderate';
  if (yes('1') || yes('2')) return 'low';
  return 'none';
}

/** The instrument's subscale sums (PCL-5's DSM-5 clusters B–E), from valid answers. */
export function subscoresOf(instrument: Instrument, answers: Answers): Subscore[] {
  return instrument.subscales.map((subscale) => ({
    key: subscale.key,
    label: subscale.label,
    score: subscale.items.reduce((sum, key) => sum + (answers[key] ?? 0), 0),
    maxScore: subscale.items.reduce((sum, key) => sum + highestAnswer(instrument, key), 0),
  }));
}

function highestAnswer(instrument: Instrument, key: string): number {
  const item = instrument.items.find((i) => i.key === key);
  return Math.max(0, ...(item?.options ?? []).map((o) => o.value));
}

/** Scores valid answers (check them with `answerProblems` first). */
export function scoreMeasure(instrument: Instrument, answers: Answers): MeasureScore {
  const total = instrument.items
    .filter((item) => item.scored)
    .reduce((sum, item) => sum + (answers[item.key] ?? 0), 0);
  const subscores = subscoresOf(instrument, answers);
  if (instrument.id === 'cssrs_screen') {
    const riskLevel = cssrsRisk(answers);
    const severity = { none: 'Negative', low: 'Low risk', moderate: 'Moderate risk', high: 'High risk' }[
      riskLevel
    ];
    return {
      total,
      severity,
      subscores,
      riskLevel,
      riskReason: riskLevel === 'none' ? null : `C-SSRS screen positive (${severity.toLowerCase()})`,
    };
  }
  const band = instrument.bands.find((b) => total >= b.min && total <= b.max);
  if (instrument.id === 'phq9' && (answers['9'] ?? 0) > 0) {
    return {
      total,
      severity: band?.label ?? '',
      subscores,
      riskLevel: (answers['9'] ?? 0) >= 2 ? 'high' : 'moderate',
      riskReason: 'PHQ-9 item 9 (thoughts of death or self-harm) answered above 0',
    };
  }
  return { total, severity: band?.label ?? '', subscores, riskLevel: 'none', riskReason: null };
}

import { describe, expect, it } from 'vitest';
import {
  CSSRS_SCREEN,
  GAD7,
  INSTRUMENTS,
  PCL5,
  PHQ9,
  answerProblems,
  scoreMeasure,
  type Answers,
} from './instruments';
import { InstrumentIdSchema } from './measures';

const all = (n: number, value: number): Answers =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i + 1), value]));

describe('PHQ-9', () => {
  it('has the nine published items with the four frequency answers, and item 10 unscored', () => {
    expect(PHQ9.items.filter((i) => i.scored)).toHaveLength(9);
    expect(PHQ9.items[8]!.text).toBe(
      'Thoughts that you would be better off dead or of hurting yourself in some way',
    );
    expect(PHQ9.items[0]!.options.map((o) => o.label)).toEqual([
      'Not at all',
      'Several days',
      'More than half the days',
      'Nearly every day',
    ]);
  });

  it.each([
    [0, 'Minimal'],
    [4, 'Minimal'],
    [5, 'Mild'],
    [9, 'Mild'],
    [10, 'Moderate'],
    [14, 'Moderate'],
    [15, 'Moderately severe'],
    [19, 'Moderately severe'],
    [20, 'Severe'],
    [27, 'Severe'],
  ])('scores a total of %i as %s', (total, band) => {
    // Spread the total over items 1–8 (item 9 stays 0 so no risk is raised).
    const answers: Record<string, number> = { ...all(9, 0) };
    let left = total;
    for (let item = 1; item <= 8 && left > 0; item++) {
      answers[String(item)] = Math.min(3, left);
      left -= answers[String(item)]!;
    }
    if (left > 0) answers['9'] = left;
    const score = scoreMeasure(PHQ9, answers);
    expect(score.total).toBe(total);
    expect(score.severity).toBe(band);
  });

  it('raises risk on any answer above 0 to item 9, whatever the total', () => {
    expect(scoreMeasure(PHQ9, { ...all(9, 0), '9': 1 })).toMatchObject({ total: 1, riskLevel: 'moderate' });
    expect(scoreMeasure(PHQ9, { ...all(9, 0), '9': 3 }).riskLevel).toBe('high');
    expect(scoreMeasure(PHQ9, { ...all(8, 3), '9': 0 })).toMatchObject({ total: 24, riskReason: null });
  });

  it('names unanswered, out-of-range and unknown items; item 10 may be left out', () => {
    expect(answerProblems(PHQ9, all(9, 1))).toEqual([]);
    const missing = Object.fromEntries(Object.entries(all(9, 1)).filter(([key]) => key !== '4'));
    expect(answerProblems(PHQ9, missing)).toEqual([{ key: '4', message: 'item 4 is not answered' }]);
    expect(answerProblems(PHQ9, { ...all(9, 1), '2': 4 })).toEqual([
      { key: '2', message: 'item 2 has no answer 4' },
    ]);
    expect(answerProblems(PHQ9, { ...all(9, 1), '11': 0 })[0]!.key).toBe('11');
  });
});

describe('GAD-7', () => {
  it.each([
    [4, 'Minimal'],
    [5, 'Mild'],
    [10, 'Moderate'],
    [15, 'Severe'],
    [21, 'Severe'],
  ])('scores a total of %i as %s', (total, band) => {
    const answers = all(7, 0) as Record<string, number>;
    let left = total;
    for (let item = 1; item <= 7 && left > 0; item++) {
      answers[String(item)] = Math.min(3, left);
      left -= answers[String(item)]!;
    }
    expect(scoreMeasure(GAD7, answers)).toMatchObject({ total, severity: band, riskLevel: 'none' });
  });
});

describe('C-SSRS screener', () => {
  it('asks 3–5 only after a yes to 2, and 6a only after a yes to 6', () => {
    expect(answerProblems(CSSRS_SCREEN, { '1': 0, '2': 0, '6': 0 })).toEqual([]);
    expect(answerProblems(CSSRS_SCREEN, { '1': 0, '2': 1, '6': 0 }).map((p) => p.key)).toEqual([
      '3',
      '4',
      '5',
    ]);
    expect(answerProblems(CSSRS_SCREEN, { '1': 0, '2': 0, '3': 1, '6': 0 }).map((p) => p.key)).toEqual(['3']);
    expect(answerProblems(CSSRS_SCREEN, { '1': 0, '2': 0, '6': 1 }).map((p) => p.key)).toEqual(['6a']);
  });

  it('grades risk: wish to be dead is low, a method or past behaviour moderate, intent, plan or recent behaviour high', () => {
    const base = { '1': 0, '2': 0, '6': 0 };
    expect(scoreMeasure(CSSRS_SCREEN, base)).toMatchObject({
      riskLevel: 'none',
      riskReason: null,
      severity: 'Negative',
    });
    expect(scoreMeasure(CSSRS_SCREEN, { ...base, '1': 1 }).riskLevel).toBe('low');
    expect(scoreMeasure(CSSRS_SCREEN, { ...base, '2': 1, '3': 1, '4': 0, '5': 0 }).riskLevel).toBe(
      'moderate',
    );
    expect(scoreMeasure(CSSRS_SCREEN, { ...base, '6': 1, '6a': 0 }).riskLevel).toBe('moderate');
    expect(scoreMeasure(CSSRS_SCREEN, { ...base, '6': 1, '6a': 1 }).riskLevel).toBe('high');
    expect(scoreMeasure(CSSRS_SCREEN, { ...base, '2': 1, '3': 0, '4': 1, '5': 0 }).riskLevel).toBe('high');
  });
});

describe('PCL-5', () => {
  it('has the twenty published items, each rated 0–4 from "Not at all" to "Extremely", over the past month', () => {
    expect(PCL5.items).toHaveLength(20);
    expect(PCL5.items.every((i) => i.scored && !i.optional && !i.askedWhen)).toBe(true);
    expect(PCL5.items.map((i) => i.key)).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
    expect(PCL5.items[0]!.text).toBe(
      'Repeated, disturbing, and unwanted memories of the stressful experience?',
    );
    expect(PCL5.items[16]!.text).toBe('Being "superalert" or watchful or on guard?');
    expect(PCL5.items[19]!.text).toBe('Trouble falling or staying asleep?');
    for (const item of PCL5.items) {
      expect(item.options).toEqual([
        { value: 0, label: 'Not at all' },
        { value: 1, label: 'A little bit' },
        { value: 2, label: 'Moderately' },
        { value: 3, label: 'Quite a bit' },
        { value: 4, label: 'Extremely' },
      ]);
    }
    expect(PCL5.instructions).toContain('in the past month');
    expect(PCL5.maxScore).toBe(80);
  });

  it('sums the twenty items from 0 to 80 and reads 33 and above as probable PTSD', () => {
    expect(scoreMeasure(PCL5, all(20, 0))).toMatchObject({ total: 0, severity: 'Below threshold' });
    expect(scoreMeasure(PCL5, all(20, 4))).toMatchObject({ total: 80, severity: 'Probable PTSD' });
    // Sixteen items at 2 make 32; one more point on any item crosses the cut-point.
    const thirtyTwo = { ...all(20, 2), '17': 0, '18': 0, '19': 0, '20': 0 };
    expect(scoreMeasure(PCL5, thirtyTwo)).toMatchObject({ total: 32, severity: 'Below threshold' });
    expect(scoreMeasure(PCL5, { ...thirtyTwo, '20': 1 })).toMatchObject({
      total: 33,
      severity: 'Probable PTSD',
    });
  });

  it('scores the DSM-5 clusters B (1–5), C (6–7), D (8–14) and E (15–20) beside the total', () => {
    const answers = { ...all(20, 0), '1': 4, '5': 1, '6': 3, '8': 2, '14': 2, '15': 1, '20': 4 };
    const score = scoreMeasure(PCL5, answers);
    expect(score.total).toBe(17);
    expect(score.subscores).toEqual([
      { key: 'B', label: 'Intrusion', score: 5, maxScore: 20 },
      { key: 'C', label: 'Avoidance', score: 3, maxScore: 8 },
      { key: 'D', label: 'Negative alterations in cognition and mood', score: 4, maxScore: 28 },
      { key: 'E', label: 'Alterations in arousal and reactivity', score: 5, maxScore: 24 },
    ]);
    expect(score.subscores.reduce((sum, s) => sum + s.score, 0)).toBe(score.total);
  });

  it('raises no risk flag, even at the maximum (item 16 is risk-taking, not a self-harm screen)', () => {
    expect(scoreMeasure(PCL5, all(20, 4))).toMatchObject({ riskLevel: 'none', riskReason: null });
  });

  it('names unanswered, out-of-range and unknown items', () => {
    expect(answerProblems(PCL5, all(20, 4))).toEqual([]);
    const missing = Object.fromEntries(Object.entries(all(20, 1)).filter(([key]) => key !== '14'));
    expect(answerProblems(PCL5, missing)).toEqual([{ key: '14', message: 'item 14 is not answered' }]);
    expect(answerProblems(PCL5, { ...all(20, 1), '7': 5 })).toEqual([
      { key: '7', message: 'item 7 has no answer 5' },
    ]);
    expect(answerProblems(PCL5, { ...all(20, 1), '21': 0 })).toEqual([
      { key: '21', message: 'item 21 is not part of this form as answered' },
    ]);
  });
});

describe('the instrument list', () => {
  it('defines every instrument the API accepts, and no other', () => {
    expect(Object.keys(INSTRUMENTS).sort()).toEqual([...InstrumentIdSchema.options].sort());
    for (const [id, instrument] of Object.entries(INSTRUMENTS)) expect(instrument.id).toBe(id);
  });

  it('gives subscores only to instruments that publish subscales', () => {
    expect(scoreMeasure(PHQ9, all(9, 1)).subscores).toEqual([]);
    expect(scoreMeasure(GAD7, all(7, 1)).subscores).toEqual([]);
    expect(scoreMeasure(CSSRS_SCREEN, { '1': 0, '2': 0, '6': 0 }).subscores).toEqual([]);
  });
});

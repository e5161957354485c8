import { describe, expect, it } from 'vitest';
import { CSSRS_SCREEN, GAD7, PHQ9, answerProblems, scoreMeasure, type Answers } from './instruments';

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

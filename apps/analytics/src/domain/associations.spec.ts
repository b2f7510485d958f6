import { mineAssociationRules } from './associations';

// Han, Pei & Yin (2000), "Mining frequent patterns without candidate generation", table 1.
const HAN = [
  ['f', 'a', 'c', 'd', 'g', 'i', 'm', 'p'],
  ['a', 'b', 'c', 'f', 'l', 'm', 'o'],
  ['b', 'f', 'h', 'j', 'o'],
  ['b', 'c', 'k', 's', 'p'],
  ['a', 'f', 'c', 'e', 'l', 'p', 'm', 'n'],
];

describe('association rules by FP-growth', () => {
  it('mines the textbook rules at 60 % support: a → m holds always, lift 5/3', async () => {
    const rules = await mineAssociationRules(HAN, 0.6, 0);
    const am = rules.find((r) => r.antecedent.join() === 'a' && r.consequent.join() === 'm');
    expect(am).toEqual({
      antecedent: ['a'],
      consequent: ['m'],
      support: 0.6,
      confidence: 1,
      lift: 1.6667,
    });
    const fc = rules.find((r) => r.antecedent.join() === 'f' && r.consequent.join() === 'c');
    expect(fc).toMatchObject({ support: 0.6, confidence: 0.75, lift: 0.9375 });
    // {c, p} is the only frequent pair with p: c → p and p → c.
    expect(rules.filter((r) => [...r.antecedent, ...r.consequent].includes('p'))).toHaveLength(2);
  });

  it('drops rules below the minimum confidence', async () => {
    const rules = await mineAssociationRules(HAN, 0.6, 0.8);
    expect(rules.every((r) => r.confidence >= 0.8)).toBe(true);
    expect(rules.some((r) => r.antecedent.join() === 'f' && r.consequent.join() === 'c')).toBe(
      false,
    );
  });

  it('answers nothing for no baskets', async () => {
    expect(await mineAssociationRules([], 0.1, 0.1)).toEqual([]);
  });
});

import { isValidSlug, slugFor } from './slug';

describe('slugs', () => {
  const id = '1a2b3c4d-0000-4000-8000-000000000000';

  it('keeps the Latin words of a mixed Chinese and English name', () => {
    expect(slugFor('华为 Mate 70 Pro 智能手机', id)).toBe('mate-70-pro-1a2b3c4d');
  });

  it('falls back to the id fragment for a name with no Latin words', () => {
    expect(slugFor('三只松鼠 坚果礼盒', id)).toBe('p-1a2b3c4d');
  });

  it('turns full-width letters into ASCII', () => {
    expect(slugFor('ＡＢＣ 手机', id)).toBe('abc-1a2b3c4d');
  });

  it('produces only valid slugs', () => {
    for (const name of ['  --Hello__World--  ', 'x'.repeat(300), '美的 变频空调 1.5匹']) {
      expect(isValidSlug(slugFor(name, id))).toBe(true);
    }
  });

  it.each(['Upper', 'two--hyphens', '-lead', 'trail-', 'space here', '中文', ''])(
    'refuses %p',
    (slug) => expect(isValidSlug(slug)).toBe(false),
  );

  it('accepts lowercase words joined by hyphens', () => {
    expect(isValidSlug('huawei-mate-70')).toBe(true);
  });
});

import { PROVINCES, canonicalProvince, provinceOf } from './provinces';

describe('provinces', () => {
  it('knows all 34 province-level divisions', () => {
    expect(PROVINCES).toHaveLength(34);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(34);
  });

  it('maps full and short names to the map name', () => {
    expect(provinceOf('广东省')?.mapName).toBe('广东');
    expect(canonicalProvince('新疆')).toBe('新疆维吾尔自治区');
    expect(canonicalProvince(' 火星 ')).toBe('火星');
  });
});

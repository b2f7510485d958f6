import { distanceKm } from './geo';
import { CITIES, PROVINCES, areNeighbours, isKnownProvince, locate } from './regions';

describe('the province reference table', () => {
  it('has the 31 mainland provincial-level divisions', () => {
    expect(Object.keys(PROVINCES)).toHaveLength(31);
  });

  it('lists borders both ways', () => {
    for (const [name, province] of Object.entries(PROVINCES)) {
      for (const neighbour of province.neighbours) {
        expect({ [name]: areNeighbours(neighbour, name) }).toEqual({ [name]: true });
      }
    }
  });

  it('names only known provinces as neighbours and cities', () => {
    for (const province of Object.values(PROVINCES)) {
      for (const neighbour of province.neighbours) expect(isKnownProvince(neighbour)).toBe(true);
    }
    for (const city of Object.values(CITIES)) expect(isKnownProvince(city.province)).toBe(true);
  });
});

describe('locating an address', () => {
  it('uses the city when it is known, else the capital of the province', () => {
    expect(locate('广东省', '深圳市')).toEqual(CITIES['深圳市'].at);
    expect(locate('广东省', '韶关市')).toEqual(PROVINCES['广东省'].at);
    expect(locate('火星省', '火星市')).toBeUndefined();
  });

  it('ignores a city filed under the wrong province', () => {
    expect(locate('浙江省', '深圳市')).toEqual(PROVINCES['浙江省'].at);
  });

  it('puts 北京 about 1,070 km from 上海', () => {
    expect(distanceKm(PROVINCES['北京市'].at, PROVINCES['上海市'].at)).toBeCloseTo(1067, -1);
  });
});

import { CITIES, PROVINCES } from './regions';
import {
  DEFAULT_DELIVERY_POLICY as policy,
  chooseCarrier,
  quoteOption,
  type Parcel,
  type Place,
} from './delivery-policy';

const place = (province: string, city: string): Place => ({
  province,
  city,
  location: CITIES[city]?.at ?? PROVINCES[province].at,
});
const shanghaiWarehouse = { ...place('上海市', '上海市'), kind: 'WAREHOUSE' as const };
const chengduWarehouse = { ...place('四川省', '成都市'), kind: 'WAREHOUSE' as const };
const wuhanWarehouse = { ...place('湖北省', '武汉市'), kind: 'WAREHOUSE' as const };
const parcel = (from: Parcel['from'], to: Place, grams = 800): Parcel => ({
  from,
  to,
  chargeableGrams: grams,
});

describe('delivery policy', () => {
  it('uses the own fleet inside a covered city, where it is cheapest', () => {
    const choice = chooseCarrier(
      policy,
      'STANDARD',
      parcel(shanghaiWarehouse, place('上海市', '上海市')),
    );
    expect(choice).toMatchObject({
      mode: 'OWN_FLEET',
      carrier: 'Emporium Fleet',
      price: 500,
      etaDays: 0,
    });
    expect(choice!.reason).toContain('cheapest of');
  });

  it('ships with a third-party carrier outside the fleet’s coverage', () => {
    const choice = chooseCarrier(
      policy,
      'STANDARD',
      parcel(wuhanWarehouse, place('北京市', '北京市'), 2_500),
    );
    expect(choice).toMatchObject({
      mode: 'THIRD_PARTY',
      carrier: 'ZTO Express',
      price: 1200 + 2 * 600,
      etaDays: 3,
    });
  });

  it('picks the faster, dearer carrier when the cheap one cannot keep the EXPRESS promise', () => {
    const choice = chooseCarrier(
      policy,
      'EXPRESS',
      parcel(wuhanWarehouse, place('北京市', '北京市')),
    );
    expect(choice).toMatchObject({ carrier: 'SF Express', etaDays: 2 });
  });

  it('sends SAME_DAY with riders within their radius, and refuses it across the country', () => {
    const wuhanCustomer = place('湖北省', '武汉市');
    expect(chooseCarrier(policy, 'SAME_DAY', parcel(wuhanWarehouse, wuhanCustomer))).toMatchObject({
      mode: 'CROWDSOURCED',
      etaDays: 0,
    });
    expect(
      chooseCarrier(policy, 'SAME_DAY', parcel(wuhanWarehouse, place('广东省', '深圳市'))),
    ).toBeUndefined();
  });

  it('offers STORE_PICKUP only from a store, free', () => {
    const store = { ...place('上海市', '上海市'), kind: 'STORE' as const };
    expect(
      chooseCarrier(policy, 'STORE_PICKUP', parcel(store, place('上海市', '上海市'))),
    ).toMatchObject({ mode: 'PICKUP', price: 0 });
    expect(
      chooseCarrier(policy, 'STORE_PICKUP', parcel(shanghaiWarehouse, place('上海市', '上海市'))),
    ).toBeUndefined();
  });

  it('quotes a split order as the sum of its parcels and the slowest ETA', () => {
    const to = place('重庆市', '重庆市');
    const quote = quoteOption(policy, 'STANDARD', [
      parcel(chengduWarehouse, to),
      parcel(wuhanWarehouse, to),
    ]);
    const single = [parcel(chengduWarehouse, to), parcel(wuhanWarehouse, to)].map((p) =>
      chooseCarrier(policy, 'STANDARD', p)!,
    );
    expect(quote).toMatchObject({
      price: single[0].price + single[1].price,
      etaDays: Math.max(single[0].etaDays, single[1].etaDays),
    });
  });

  it('charges remote destinations more', () => {
    const near = chooseCarrier(
      policy,
      'STANDARD',
      parcel(chengduWarehouse, place('重庆市', '重庆市')),
    )!;
    const remote = chooseCarrier(
      policy,
      'STANDARD',
      parcel(chengduWarehouse, place('西藏自治区', '拉萨市')),
    )!;
    expect(remote.price).toBeGreaterThan(near.price);
    expect(remote.reason).toContain('REMOTE');
  });
});

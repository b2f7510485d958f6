import type { GeoPoint } from './geo';

/**
 * Mainland China's 31 provincial-level divisions (GB/T 2260 full names), each placed at its
 * capital, with the provinces it borders. Used to place a destination that has no coordinates and
 * to tell freight zones apart.
 */
interface Province {
  readonly capital: string;
  readonly at: GeoPoint;
  readonly neighbours: readonly string[];
  /** Remote regions carry the far-zone surcharge of every carrier. */
  readonly remote?: true;
}

export const PROVINCES: Readonly<Record<string, Province>> = {
  北京市: {
    capital: '北京市',
    at: { lat: 39.9042, lon: 116.4074 },
    neighbours: ['天津市', '河北省'],
  },
  天津市: {
    capital: '天津市',
    at: { lat: 39.3434, lon: 117.3616 },
    neighbours: ['北京市', '河北省'],
  },
  河北省: {
    capital: '石家庄市',
    at: { lat: 38.0428, lon: 114.5149 },
    neighbours: ['北京市', '天津市', '山西省', '内蒙古自治区', '辽宁省', '山东省', '河南省'],
  },
  山西省: {
    capital: '太原市',
    at: { lat: 37.8706, lon: 112.5489 },
    neighbours: ['河北省', '内蒙古自治区', '陕西省', '河南省'],
  },
  内蒙古自治区: {
    capital: '呼和浩特市',
    at: { lat: 40.8426, lon: 111.7492 },
    neighbours: [
      '黑龙江省',
      '吉林省',
      '辽宁省',
      '河北省',
      '山西省',
      '陕西省',
      '宁夏回族自治区',
      '甘肃省',
    ],
    remote: true,
  },
  辽宁省: {
    capital: '沈阳市',
    at: { lat: 41.8057, lon: 123.4315 },
    neighbours: ['河北省', '内蒙古自治区', '吉林省'],
  },
  吉林省: {
    capital: '长春市',
    at: { lat: 43.8171, lon: 125.3235 },
    neighbours: ['辽宁省', '内蒙古自治区', '黑龙江省'],
  },
  黑龙江省: {
    capital: '哈尔滨市',
    at: { lat: 45.8038, lon: 126.5349 },
    neighbours: ['吉林省', '内蒙古自治区'],
  },
  上海市: {
    capital: '上海市',
    at: { lat: 31.2304, lon: 121.4737 },
    neighbours: ['江苏省', '浙江省'],
  },
  江苏省: {
    capital: '南京市',
    at: { lat: 32.0603, lon: 118.7969 },
    neighbours: ['上海市', '浙江省', '安徽省', '山东省'],
  },
  浙江省: {
    capital: '杭州市',
    at: { lat: 30.2741, lon: 120.1551 },
    neighbours: ['上海市', '江苏省', '安徽省', '江西省', '福建省'],
  },
  安徽省: {
    capital: '合肥市',
    at: { lat: 31.8206, lon: 117.2272 },
    neighbours: ['江苏省', '浙江省', '江西省', '湖北省', '河南省', '山东省'],
  },
  福建省: {
    capital: '福州市',
    at: { lat: 26.0745, lon: 119.2965 },
    neighbours: ['浙江省', '江西省', '广东省'],
  },
  江西省: {
    capital: '南昌市',
    at: { lat: 28.682, lon: 115.8579 },
    neighbours: ['浙江省', '安徽省', '湖北省', '湖南省', '广东省', '福建省'],
  },
  山东省: {
    capital: '济南市',
    at: { lat: 36.6512, lon: 117.1201 },
    neighbours: ['河北省', '河南省', '安徽省', '江苏省'],
  },
  河南省: {
    capital: '郑州市',
    at: { lat: 34.7466, lon: 113.6254 },
    neighbours: ['河北省', '山西省', '陕西省', '湖北省', '安徽省', '山东省'],
  },
  湖北省: {
    capital: '武汉市',
    at: { lat: 30.5928, lon: 114.3055 },
    neighbours: ['河南省', '安徽省', '江西省', '湖南省', '重庆市', '陕西省'],
  },
  湖南省: {
    capital: '长沙市',
    at: { lat: 28.2282, lon: 112.9388 },
    neighbours: ['湖北省', '江西省', '广东省', '广西壮族自治区', '贵州省', '重庆市'],
  },
  广东省: {
    capital: '广州市',
    at: { lat: 23.1291, lon: 113.2644 },
    neighbours: ['福建省', '江西省', '湖南省', '广西壮族自治区', '海南省'],
  },
  广西壮族自治区: {
    capital: '南宁市',
    at: { lat: 22.817, lon: 108.3665 },
    neighbours: ['广东省', '湖南省', '贵州省', '云南省'],
  },
  海南省: { capital: '海口市', at: { lat: 20.044, lon: 110.1999 }, neighbours: ['广东省'] },
  重庆市: {
    capital: '重庆市',
    at: { lat: 29.563, lon: 106.5516 },
    neighbours: ['四川省', '贵州省', '湖南省', '湖北省', '陕西省'],
  },
  四川省: {
    capital: '成都市',
    at: { lat: 30.5728, lon: 104.0668 },
    neighbours: ['重庆市', '贵州省', '云南省', '西藏自治区', '青海省', '甘肃省', '陕西省'],
  },
  贵州省: {
    capital: '贵阳市',
    at: { lat: 26.647, lon: 106.6302 },
    neighbours: ['四川省', '重庆市', '湖南省', '广西壮族自治区', '云南省'],
  },
  云南省: {
    capital: '昆明市',
    at: { lat: 25.0389, lon: 102.7183 },
    neighbours: ['四川省', '贵州省', '广西壮族自治区', '西藏自治区'],
  },
  西藏自治区: {
    capital: '拉萨市',
    at: { lat: 29.652, lon: 91.1721 },
    neighbours: ['新疆维吾尔自治区', '青海省', '四川省', '云南省'],
    remote: true,
  },
  陕西省: {
    capital: '西安市',
    at: { lat: 34.3416, lon: 108.9398 },
    neighbours: [
      '山西省',
      '河南省',
      '湖北省',
      '重庆市',
      '四川省',
      '甘肃省',
      '宁夏回族自治区',
      '内蒙古自治区',
    ],
  },
  甘肃省: {
    capital: '兰州市',
    at: { lat: 36.0611, lon: 103.8343 },
    neighbours: [
      '陕西省',
      '宁夏回族自治区',
      '内蒙古自治区',
      '新疆维吾尔自治区',
      '青海省',
      '四川省',
    ],
    remote: true,
  },
  青海省: {
    capital: '西宁市',
    at: { lat: 36.6171, lon: 101.7782 },
    neighbours: ['甘肃省', '新疆维吾尔自治区', '西藏自治区', '四川省'],
    remote: true,
  },
  宁夏回族自治区: {
    capital: '银川市',
    at: { lat: 38.4872, lon: 106.2309 },
    neighbours: ['内蒙古自治区', '陕西省', '甘肃省'],
    remote: true,
  },
  新疆维吾尔自治区: {
    capital: '乌鲁木齐市',
    at: { lat: 43.8256, lon: 87.6168 },
    neighbours: ['甘肃省', '青海省', '西藏自治区'],
    remote: true,
  },
};

/** Major cities beyond the capitals, where most orders go. */
export const CITIES: Readonly<
  Record<string, { readonly province: string; readonly at: GeoPoint }>
> = {
  深圳市: { province: '广东省', at: { lat: 22.5431, lon: 114.0579 } },
  东莞市: { province: '广东省', at: { lat: 23.0207, lon: 113.7518 } },
  佛山市: { province: '广东省', at: { lat: 23.0215, lon: 113.1214 } },
  珠海市: { province: '广东省', at: { lat: 22.2707, lon: 113.5767 } },
  苏州市: { province: '江苏省', at: { lat: 31.2989, lon: 120.5853 } },
  无锡市: { province: '江苏省', at: { lat: 31.4912, lon: 120.3119 } },
  宁波市: { province: '浙江省', at: { lat: 29.8683, lon: 121.544 } },
  温州市: { province: '浙江省', at: { lat: 27.9943, lon: 120.6994 } },
  义乌市: { province: '浙江省', at: { lat: 29.3069, lon: 120.0751 } },
  厦门市: { province: '福建省', at: { lat: 24.4798, lon: 118.0894 } },
  青岛市: { province: '山东省', at: { lat: 36.0671, lon: 120.3826 } },
  大连市: { province: '辽宁省', at: { lat: 38.914, lon: 121.6147 } },
  三亚市: { province: '海南省', at: { lat: 18.2528, lon: 109.5119 } },
  洛阳市: { province: '河南省', at: { lat: 34.6197, lon: 112.454 } },
};

/** Where an address is, from its city when known, else its province's capital. */
export function locate(province: string, city?: string): GeoPoint | undefined {
  const known = city ? CITIES[city] : undefined;
  if (known && known.province === province) return known.at;
  return PROVINCES[province]?.at;
}

/** True when `province` is one of the 31 mainland provincial-level divisions. */
export function isKnownProvince(province: string): boolean {
  return province in PROVINCES;
}

/** True when the two provinces share a border. */
export function areNeighbours(a: string, b: string): boolean {
  return PROVINCES[a]?.neighbours.includes(b) ?? false;
}

/** True for provinces carriers treat as remote (西藏, 新疆, 青海, 内蒙古, 宁夏, 甘肃). */
export function isRemote(province: string): boolean {
  return PROVINCES[province]?.remote === true;
}

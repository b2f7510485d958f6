/** Outer dimensions of a parcel in millimetres, as the API takes them. */
export interface DimensionsMm {
  readonly length: number;
  readonly width: number;
  readonly height: number;
}

/** A category of the demo catalog; `parent` is the slug of its parent. */
export interface DemoCategory {
  readonly slug: string;
  readonly name: string;
  readonly parent?: string;
}

/** A variant of a demo product. */
export interface DemoVariant {
  readonly sku: string;
  readonly name: string;
  readonly priceAmount: number;
  readonly weightGrams: number;
  readonly dimensionsMm: DimensionsMm;
  readonly attributes: Record<string, string>;
}

/** A product of the demo catalog. */
export interface DemoProduct {
  readonly name: string;
  readonly slug: string;
  readonly description: string;
  readonly categorySlug: string;
  readonly attributes: Record<string, string>;
  readonly images: string[];
  readonly variants: DemoVariant[];
}

/** The demo category tree: six departments and their aisles. */
export const DEMO_CATEGORIES: readonly DemoCategory[] = [
  { slug: 'digital', name: '数码电子' },
  { slug: 'phones', name: '手机', parent: 'digital' },
  { slug: 'laptops', name: '笔记本电脑', parent: 'digital' },
  { slug: 'audio', name: '耳机音响', parent: 'digital' },
  { slug: 'wearables', name: '智能穿戴', parent: 'digital' },
  { slug: 'appliances', name: '家用电器' },
  { slug: 'air-conditioners', name: '空调', parent: 'appliances' },
  { slug: 'kitchen-appliances', name: '厨房电器', parent: 'appliances' },
  { slug: 'apparel', name: '服饰鞋包' },
  { slug: 'sports-shoes', name: '运动鞋', parent: 'apparel' },
  { slug: 'menswear', name: '男装', parent: 'apparel' },
  { slug: 'food', name: '食品生鲜' },
  { slug: 'snacks', name: '休闲零食', parent: 'food' },
  { slug: 'tea', name: '茶叶冲饮', parent: 'food' },
  { slug: 'beauty', name: '美妆个护' },
  { slug: 'skincare', name: '护肤', parent: 'beauty' },
  { slug: 'home', name: '家居日用' },
  { slug: 'bedding', name: '床上用品', parent: 'home' },
];

interface Template {
  readonly category: string;
  readonly brand: string;
  readonly brandSlug: string;
  readonly models: readonly string[];
  readonly noun: string;
  readonly features: readonly string[];
  /** Base price in fen; variants add steps. */
  readonly price: number;
  readonly step: number;
  readonly weightGrams: number;
  readonly dimensionsMm: DimensionsMm;
  /** Variant axis name and values (2–4 of them are used per product). */
  readonly axis: string;
  readonly values: readonly string[];
}

const T: readonly Template[] = [
  {
    category: 'phones',
    brand: '华为',
    brandSlug: 'huawei',
    models: ['Mate 70', 'Mate 70 Pro', 'Pura 70', 'nova 13'],
    noun: '智能手机',
    features: ['麒麟芯片', '鸿蒙 HarmonyOS', '超感知影像', '5G 全网通'],
    price: 399_900,
    step: 100_000,
    weightGrams: 220,
    dimensionsMm: { length: 170, width: 90, height: 55 },
    axis: '存储',
    values: ['12GB+256GB', '12GB+512GB', '16GB+1TB', '8GB+256GB'],
  },
  {
    category: 'phones',
    brand: '小米',
    brandSlug: 'xiaomi',
    models: ['14 Ultra', '15', '15 Pro', 'Redmi K80'],
    noun: '手机',
    features: ['徕卡 Leica 光学', '骁龙 Snapdragon 处理器', '澎湃 OS', '90W 快充'],
    price: 299_900,
    step: 50_000,
    weightGrams: 210,
    dimensionsMm: { length: 168, width: 88, height: 52 },
    axis: '颜色',
    values: ['黑色', '白色', '龙晶蓝', '钛金属'],
  },
  {
    category: 'phones',
    brand: 'Apple',
    brandSlug: 'apple',
    models: ['iPhone 16', 'iPhone 16 Pro', 'iPhone 16 Pro Max'],
    noun: '手机',
    features: ['A18 芯片', '超视网膜 XDR 显示屏', '钛金属设计', '支持移动联通电信 5G'],
    price: 599_900,
    step: 100_000,
    weightGrams: 200,
    dimensionsMm: { length: 165, width: 85, height: 50 },
    axis: '存储',
    values: ['128GB', '256GB', '512GB', '1TB'],
  },
  {
    category: 'laptops',
    brand: '联想',
    brandSlug: 'lenovo',
    models: ['ThinkPad X1 Carbon', '小新 Pro 16', '拯救者 Y9000P', 'YOGA Air 14'],
    noun: '笔记本电脑',
    features: ['英特尔 Intel 酷睿 Ultra', '2.8K OLED 屏', '轻薄长续航', '办公游戏两相宜'],
    price: 549_900,
    step: 80_000,
    weightGrams: 1_600,
    dimensionsMm: { length: 400, width: 280, height: 80 },
    axis: '配置',
    values: ['16GB+512GB', '32GB+1TB', '32GB+2TB'],
  },
  {
    category: 'laptops',
    brand: '华为',
    brandSlug: 'huawei',
    models: ['MateBook X Pro', 'MateBook 14', 'MateBook D 16'],
    noun: '笔记本',
    features: ['触控全面屏', '超级终端协同', '金属一体机身', '快速充电'],
    price: 499_900,
    step: 100_000,
    weightGrams: 1_300,
    dimensionsMm: { length: 380, width: 260, height: 70 },
    axis: '颜色',
    values: ['深空灰', '皓月银', '宝石蓝'],
  },
  {
    category: 'audio',
    brand: '索尼',
    brandSlug: 'sony',
    models: ['WH-1000XM5', 'WF-1000XM5', 'ULT WEAR'],
    noun: '降噪耳机',
    features: [
      '主动降噪 Noise Cancelling',
      '高解析度音频 Hi-Res',
      '30 小时续航',
      '蓝牙 Bluetooth 5.3',
    ],
    price: 149_900,
    step: 30_000,
    weightGrams: 350,
    dimensionsMm: { length: 220, width: 180, height: 90 },
    axis: '颜色',
    values: ['黑色', '铂金银', '午夜蓝'],
  },
  {
    category: 'audio',
    brand: '漫步者',
    brandSlug: 'edifier',
    models: ['花再 Zero Pro', 'W820NB', 'NeoBuds Pro 2'],
    noun: '蓝牙耳机',
    features: ['入耳式', '通透模式', '游戏低延迟', '长续航'],
    price: 29_900,
    step: 10_000,
    weightGrams: 150,
    dimensionsMm: { length: 120, width: 100, height: 50 },
    axis: '颜色',
    values: ['雅黑', '云白', '薄荷绿'],
  },
  {
    category: 'wearables',
    brand: '华为',
    brandSlug: 'huawei',
    models: ['WATCH GT 5', 'WATCH 5', '手环 9'],
    noun: '智能手表',
    features: ['心率血氧监测', '14 天续航', '100+ 运动模式', 'NFC 支付'],
    price: 99_900,
    step: 50_000,
    weightGrams: 180,
    dimensionsMm: { length: 150, width: 100, height: 80 },
    axis: '表带',
    values: ['氟橡胶表带', '真皮表带', '钛金属表带'],
  },
  {
    category: 'air-conditioners',
    brand: '美的',
    brandSlug: 'midea',
    models: ['酷省电', '风尊', '静优风'],
    noun: '变频空调',
    features: ['新一级能效', '冷暖两用', '智能 WiFi 控制', '自清洁'],
    price: 249_900,
    step: 60_000,
    weightGrams: 38_000,
    dimensionsMm: { length: 1_100, width: 420, height: 350 },
    axis: '匹数',
    values: ['1 匹', '1.5 匹', '2 匹', '3 匹'],
  },
  {
    category: 'air-conditioners',
    brand: '格力',
    brandSlug: 'gree',
    models: ['云佳', '天丽', '云锦 III'],
    noun: '空调挂机',
    features: ['变频冷暖', '一级能效', '低噪运行', '十年包修'],
    price: 279_900,
    step: 70_000,
    weightGrams: 40_000,
    dimensionsMm: { length: 1_050, width: 400, height: 330 },
    axis: '匹数',
    values: ['1 匹', '1.5 匹', '3 匹'],
  },
  {
    category: 'kitchen-appliances',
    brand: '九阳',
    brandSlug: 'joyoung',
    models: ['破壁机 Y1', '豆浆机 D3', '电饭煲 F40'],
    noun: '厨房小家电',
    features: ['一键预约', '智能控温', '易清洗', '家用多功能'],
    price: 39_900,
    step: 20_000,
    weightGrams: 4_000,
    dimensionsMm: { length: 350, width: 300, height: 420 },
    axis: '容量',
    values: ['1.2L', '1.5L', '1.75L'],
  },
  {
    category: 'kitchen-appliances',
    brand: '美的',
    brandSlug: 'midea',
    models: ['空气炸锅 KZ50', '微波炉 M1', '电压力锅 MY50'],
    noun: '厨房电器',
    features: ['大容量', '智能菜单', '无油健康', '不粘内胆'],
    price: 29_900,
    step: 15_000,
    weightGrams: 5_000,
    dimensionsMm: { length: 380, width: 320, height: 360 },
    axis: '颜色',
    values: ['白色', '黑色', '奶油黄'],
  },
  {
    category: 'sports-shoes',
    brand: '李宁',
    brandSlug: 'li-ning',
    models: ['超轻 21', '赤兔 7 Pro', '飞电 4 Elite', '韦德之道 11'],
    noun: '跑步鞋',
    features: ['䨻 BOOM 科技中底', '轻量回弹', '透气网面', '马拉松竞速'],
    price: 39_900,
    step: 10_000,
    weightGrams: 800,
    dimensionsMm: { length: 330, width: 210, height: 120 },
    axis: '尺码',
    values: ['40', '41', '42', '43'],
  },
  {
    category: 'sports-shoes',
    brand: '安踏',
    brandSlug: 'anta',
    models: ['C202 GT', 'PG7', 'KT9'],
    noun: '运动鞋',
    features: ['氮科技中底', '缓震耐磨', '专业跑鞋', '篮球实战'],
    price: 49_900,
    step: 10_000,
    weightGrams: 850,
    dimensionsMm: { length: 330, width: 210, height: 120 },
    axis: '尺码',
    values: ['39', '40', '41', '42'],
  },
  {
    category: 'sports-shoes',
    brand: 'Nike',
    brandSlug: 'nike',
    models: ['Air Zoom Pegasus 41', 'Air Max 270', 'Vomero 18'],
    noun: '跑步鞋',
    features: ['Air 气垫', 'React 泡棉', '轻盈透气', '日常训练'],
    price: 79_900,
    step: 10_000,
    weightGrams: 820,
    dimensionsMm: { length: 340, width: 220, height: 125 },
    axis: '尺码',
    values: ['40.5', '41', '42', '42.5'],
  },
  {
    category: 'menswear',
    brand: '波司登',
    brandSlug: 'bosideng',
    models: ['极寒', '轻薄', '连帽'],
    noun: '羽绒服',
    features: ['90% 白鹅绒', '防风防泼水', '冬季保暖', '经典百搭'],
    price: 119_900,
    step: 20_000,
    weightGrams: 1_200,
    dimensionsMm: { length: 450, width: 350, height: 120 },
    axis: '尺码',
    values: ['M', 'L', 'XL', 'XXL'],
  },
  {
    category: 'menswear',
    brand: '海澜之家',
    brandSlug: 'hla',
    models: ['商务', '休闲', '纯棉'],
    noun: '男士衬衫',
    features: ['免烫抗皱', '修身版型', '纯棉面料', '通勤百搭'],
    price: 19_900,
    step: 5_000,
    weightGrams: 400,
    dimensionsMm: { length: 350, width: 280, height: 50 },
    axis: '尺码',
    values: ['39', '40', '41', '42'],
  },
  {
    category: 'snacks',
    brand: '三只松鼠',
    brandSlug: 'three-squirrels',
    models: ['每日坚果', '坚果礼盒', '夏威夷果'],
    noun: '坚果零食',
    features: ['年货送礼', '独立小包装', '原味烘焙', '营养健康'],
    price: 8_990,
    step: 4_000,
    weightGrams: 1_000,
    dimensionsMm: { length: 300, width: 250, height: 120 },
    axis: '规格',
    values: ['750g', '1.5kg', '2kg 礼盒'],
  },
  {
    category: 'snacks',
    brand: '良品铺子',
    brandSlug: 'bestore',
    models: ['肉脯', '猪肉脯', '零食大礼包'],
    noun: '休闲零食',
    features: ['靖江特产', '办公室零食', '香甜可口', '多口味组合'],
    price: 4_990,
    step: 2_000,
    weightGrams: 600,
    dimensionsMm: { length: 280, width: 200, height: 100 },
    axis: '口味',
    values: ['原味', '蜜汁', '香辣'],
  },
  {
    category: 'tea',
    brand: '西湖',
    brandSlug: 'xihu',
    models: ['明前龙井', '雨前龙井', '龙井礼盒'],
    noun: '绿茶',
    features: ['杭州西湖产区', '手工炒制', '清香鲜爽', '送礼佳品'],
    price: 29_900,
    step: 20_000,
    weightGrams: 500,
    dimensionsMm: { length: 250, width: 180, height: 100 },
    axis: '规格',
    values: ['125g', '250g', '500g'],
  },
  {
    category: 'tea',
    brand: '雀巢',
    brandSlug: 'nestle',
    models: ['金牌咖啡', '1+2 原味', '冷萃速溶'],
    noun: '咖啡 Coffee',
    features: ['速溶冲调', '香浓醇厚', '办公提神', '进口原料'],
    price: 5_990,
    step: 3_000,
    weightGrams: 800,
    dimensionsMm: { length: 220, width: 160, height: 160 },
    axis: '规格',
    values: ['30 条', '60 条', '90 条'],
  },
  {
    category: 'skincare',
    brand: '百雀羚',
    brandSlug: 'pechoin',
    models: ['水能量', '帧颜', '三生花'],
    noun: '护肤套装',
    features: ['补水保湿', '草本精粹', '温和不刺激', '国货经典'],
    price: 19_900,
    step: 10_000,
    weightGrams: 700,
    dimensionsMm: { length: 260, width: 200, height: 90 },
    axis: '规格',
    values: ['三件套', '五件套', '礼盒装'],
  },
  {
    category: 'skincare',
    brand: '珀莱雅',
    brandSlug: 'proya',
    models: ['双抗精华', '红宝石面霜', '源力精华'],
    noun: '精华液 Serum',
    features: ['抗氧化', '淡纹紧致', '修护屏障', '敏感肌适用'],
    price: 26_900,
    step: 10_000,
    weightGrams: 300,
    dimensionsMm: { length: 150, width: 100, height: 60 },
    axis: '容量',
    values: ['30ml', '50ml', '100ml'],
  },
  {
    category: 'bedding',
    brand: '罗莱',
    brandSlug: 'luolai',
    models: ['全棉', '天丝', '长绒棉'],
    noun: '四件套',
    features: ['A 类面料', '亲肤透气', '简约北欧风', '床单被套枕套'],
    price: 49_900,
    step: 20_000,
    weightGrams: 2_500,
    dimensionsMm: { length: 450, width: 350, height: 120 },
    axis: '尺寸',
    values: ['1.5m 床', '1.8m 床', '2.0m 床'],
  },
];

function pick<T>(items: readonly T[], n: number): T {
  return items[n % items.length];
}

/**
 * The demo product number `i` (0-based), generated from the templates above: the same `i` always
 * gives the same product, so every demo catalog looks alike. Beyond the hand-written models, a
 * model year keeps names distinct.
 */
export function demoProduct(i: number): DemoProduct {
  const t = pick(T, i);
  const round = Math.floor(i / T.length);
  const model = pick(t.models, round);
  const edition = Math.floor(round / t.models.length);
  const year = edition === 0 ? '' : ` ${2026 - (edition % 8)}款`;
  const name = `${t.brand} ${model} ${t.noun}${year}`;
  const features = [0, 1, 2].map((k) => pick(t.features, round + k));
  const description =
    `${t.brand}${model}，${features.join('，')}。` +
    `正品行货，全国联保，支持七天无理由退货。${edition > 0 ? `第 ${edition + 1} 代升级版。` : ''}`;
  const count = 2 + (i % 3);
  const variants = Array.from({ length: Math.min(count, t.values.length) }, (_, v) => {
    const value = pick(t.values, v);
    return {
      sku: `${t.brandSlug.toUpperCase()}-${String(i + 1).padStart(5, '0')}-${v + 1}`,
      name: `${model} ${value}`,
      priceAmount: t.price + v * t.step + (round % 5) * 1_000,
      weightGrams: t.weightGrams,
      dimensionsMm: t.dimensionsMm,
      attributes: { [t.axis]: value },
    };
  });
  return {
    name,
    slug: `${t.brandSlug}-${t.category}-${i + 1}`,
    description,
    categorySlug: t.category,
    attributes: { 品牌: t.brand, brand: t.brandSlug },
    images: [`https://img.emporium.local/demo/${t.brandSlug}/${i + 1}.jpg`],
    variants,
  };
}

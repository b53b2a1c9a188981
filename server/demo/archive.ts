import type { TWarrantyPolicy } from '../../contracts/products';
import type { AppContext } from '../platform/context';
import { SYSTEM_ACTOR } from '../platform/principal';
import { findCustomerIdsByPhones, findDefaultAddresses, insertImportedCustomers, type ImportCustomer } from '../modules/customers';
import { createCategory, createModel, findCategoryByCode, findModelIndex, insertImportedAssets, type ImportAsset } from '../modules/assets';

/** A small deterministic PRNG so the demo is the same every time. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '建国', '志强', '海燕', '丹', '辉', '鑫', '宇', '浩然', '欣怡', '子涵', '梓萱', '一诺', '晨阳', '思远', '雨桐', '俊杰', '文博', '婷', '佳怡', '国庆', '红梅', '玉兰', '春生', '德明', '晓东', '丽萍'];
const ORG_PREFIX = ['上海', '杭州', '深圳', '北京', '苏州', '南京'];
const ORG_KIND = ['明珠酒店有限公司', '华联物业管理有限公司', '新世纪商场', '阳光幼儿园', '锦江之星连锁酒店', '恒大物业服务中心', '第一人民医院后勤处', '滨江实验学校'];

/** Real districts with real street names (the demo addresses). */
const PLACES: { provinceCode: string; cityCode: string; districtCode: string; streets: string[]; lat: number; lng: number }[] = [
  { provinceCode: '310000', cityCode: '310100', districtCode: '310115', streets: ['张江路', '世纪大道', '川沙路', '金科路', '芳甸路'], lat: 31.22, lng: 121.54 },
  { provinceCode: '310000', cityCode: '310100', districtCode: '310112', streets: ['莘松路', '七莘路', '都市路', '虹井路'], lat: 31.11, lng: 121.38 },
  { provinceCode: '310000', cityCode: '310100', districtCode: '310104', streets: ['漕溪北路', '肇嘉浜路', '宜山路', '田林路'], lat: 31.18, lng: 121.44 },
  { provinceCode: '310000', cityCode: '310100', districtCode: '310106', streets: ['南京西路', '江宁路', '延平路', '共和新路'], lat: 31.23, lng: 121.45 },
  { provinceCode: '330000', cityCode: '330100', districtCode: '330106', streets: ['文三路', '天目山路', '古墩路', '学院路'], lat: 30.27, lng: 120.13 },
  { provinceCode: '330000', cityCode: '330100', districtCode: '330108', streets: ['江南大道', '滨盛路', '长河路'], lat: 30.21, lng: 120.21 },
  { provinceCode: '440000', cityCode: '440300', districtCode: '440305', streets: ['科技南十二路', '深南大道', '南海大道', '后海大道'], lat: 22.53, lng: 113.93 },
  { provinceCode: '440000', cityCode: '440300', districtCode: '440304', streets: ['福华路', '益田路', '红荔路', '香蜜湖路'], lat: 22.54, lng: 114.05 },
  { provinceCode: '110000', cityCode: '110100', districtCode: '110108', streets: ['中关村大街', '学院路', '知春路', '北四环西路'], lat: 39.96, lng: 116.3 },
  { provinceCode: '110000', cityCode: '110100', districtCode: '110105', streets: ['建国路', '望京街', '朝阳北路', '东三环中路'], lat: 39.92, lng: 116.44 },
];

/** Coordinates to about a metre. */
const round5 = (value: number) => Math.round(value * 1e5) / 1e5;

const policy = (months: number, overrides: Partial<TWarrantyPolicy> = {}): TWarrantyPolicy => ({
  warrantyMonths: months,
  coversParts: true,
  coversLabour: true,
  coversOnSite: true,
  maintenanceIntervalMonths: null,
  sanbao: { refundDays: 7, exchangeDays: 15, maxRepairsSameFault: 2 },
  ...overrides,
});

const APPLIANCE_TYPES = ['installation', 'repair', 'maintenance', 'inspection', 'return_exchange', 'consultation', 'complaint'];

/** Five categories and twenty models, with warranty terms, fault lists and the request types they take. */
const CATALOGUE = [
  { code: 'AC', name: '空调', policy: policy(12, { maintenanceIntervalMonths: 12 }), faults: [['no_cooling', '不制冷'], ['no_heating', '不制热'], ['water_leak', '漏水'], ['noise', '异响'], ['error_code', '显示故障码'], ['remote', '遥控失灵']], types: APPLIANCE_TYPES, models: [['格力', 'KFR-35GW/NhGc1B', '云佳 1.5 匹挂机'], ['格力', 'KFR-72LW/NhIaB1W', '3 匹立式柜机'], ['美的', 'KFR-35GW/N8MJA3', '酷省电 1.5 匹'], ['海尔', 'KFR-50LW/81@U1', '2 匹立柜']] },
  { code: 'WM', name: '洗衣机', policy: policy(12), faults: [['no_spin', '不脱水'], ['water_leak', '漏水'], ['noise', '噪音大'], ['no_power', '不通电'], ['door_lock', '门锁故障']], types: APPLIANCE_TYPES, models: [['海尔', 'EG100MATE35S', '10 公斤滚筒'], ['小天鹅', 'TG100V88WMUIADY5', '水魔方滚筒'], ['美的', 'MB100V13DB', '10 公斤波轮'], ['西门子', 'WG54B2X00W', '10 公斤滚筒']] },
  { code: 'WH', name: '热水器', policy: policy(36, { coversLabour: true, maintenanceIntervalMonths: 12 }), faults: [['no_ignition', '不点火'], ['no_hot_water', '不出热水'], ['water_leak', '漏水'], ['gas_smell', '有燃气味']], types: APPLIANCE_TYPES, models: [['A.O.史密斯', 'E60VN3', '60 升电热水器'], ['万和', 'JSQ25-565W13', '13 升燃气热水器'], ['林内', 'RUS-16QD31', '16 升燃气热水器'], ['海尔', 'EC6002-MC3', '60 升电热水器']] },
  { code: 'TILE', name: '瓷砖', policy: policy(24, { coversOnSite: true, maintenanceIntervalMonths: null, sanbao: { refundDays: 7, exchangeDays: 15, maxRepairsSameFault: 2 } }), faults: [['crack', '开裂'], ['uneven', '不平整'], ['hollow', '空鼓'], ['color_difference', '色差']], types: ['site_measurement', 'installation_guidance', 'inspection', 'repair', 'return_exchange', 'consultation', 'complaint'], models: [['马可波罗', 'CZ8002AS', '800×800 抛釉砖'], ['东鹏', 'YF601391', '600×1200 岩板'], ['蒙娜丽莎', 'QHB6010', '600×600 仿古砖'], ['诺贝尔', 'KJ8801', '800×800 抛光砖']] },
  { code: 'FURN', name: '家具', policy: policy(36, { coversOnSite: true }), faults: [['scratch', '划痕'], ['loose', '松动'], ['crack', '开裂'], ['hardware', '五金故障']], types: ['installation', 'site_measurement', 'repair', 'maintenance', 'return_exchange', 'consultation', 'complaint'], models: [['顾家家居', 'KUKA-2091', '真皮沙发三人位'], ['全友', 'QY-126801', '实木床 1.8 米'], ['索菲亚', 'SFY-YG01', '定制衣柜'], ['欧派', 'OP-CG12', '整体橱柜']] },
] as const;

/**
 * Demo archive: 5 categories, 20 models, about 200 customers (persons and organisations)
 * in real districts with mainland phone numbers, and 500 assets. Idempotent: skipped when
 * the catalogue exists.
 */
export async function loadArchiveDemo(ctx: AppContext): Promise<{ customers: number; assets: number; models: number }> {
  if (await findCategoryByCode(ctx.db, 'AC')) return { customers: 0, assets: 0, models: 0 };
  const random = seededRandom(20261122);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  let modelCount = 0;
  for (const category of CATALOGUE) {
    const created = await createCategory(ctx, SYSTEM_ACTOR, {
      code: category.code,
      name: category.name,
      policy: category.policy,
      faultCodes: category.faults.map(([code, name]) => ({ code, name })),
      allowedTicketTypes: [...category.types] as never,
    });
    for (const [brand, modelCode, name] of category.models) {
      await createModel(ctx, SYSTEM_ACTOR, { categoryId: created.id, brand, modelCode, name });
      modelCount += 1;
    }
  }
  const customers: ImportCustomer[] = [];
  const usedPhones = new Set<string>();
  for (let index = 0; index < 200; index += 1) {
    const isOrganisation = index % 10 === 9;
    const place = pick(PLACES);
    let phone = '';
    do phone = `${pick(['138', '139', '136', '135', '158', '186', '189', '177', '150', '131'])}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
    while (usedPhones.has(phone));
    usedPhones.add(phone);
    const phones = [phone];
    if (isOrganisation) phones.push(`${place.provinceCode === '310000' ? '021' : place.provinceCode === '330000' ? '0571' : place.provinceCode === '440000' ? '0755' : '010'}-${String(50000000 + Math.floor(random() * 39999999))}`);
    customers.push({
      kind: isOrganisation ? 'organisation' : 'person',
      name: isOrganisation ? `${pick(ORG_PREFIX)}${pick(ORG_KIND)}` : `${pick(SURNAMES)}${pick(GIVEN)}`,
      phones,
      address: { provinceCode: place.provinceCode, cityCode: place.cityCode, districtCode: place.districtCode, detail: `${pick(place.streets)} ${1 + Math.floor(random() * 999)} 号${isOrganisation ? '' : ` ${1 + Math.floor(random() * 30)}0${1 + Math.floor(random() * 4)} 室`}`, latitude: round5(place.lat + (random() - 0.5) * 0.06), longitude: round5(place.lng + (random() - 0.5) * 0.06) },
      tags: random() < 0.1 ? ['VIP'] : [],
      notes: null,
    });
  }
  const models = [...(await findModelIndex(ctx.db)).values()];
  const result = await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    await insertImportedCustomers(tx, SYSTEM_ACTOR, customers, now);
    const ids = await findCustomerIdsByPhones(tx, customers.map((customer) => customer.phones[0]));
    const customerIds = customers.map((customer) => ids.get(customer.phones[0])!);
    const addresses = await findDefaultAddresses(tx, customerIds);
    const assets: ImportAsset[] = [];
    for (let index = 0; index < 500; index += 1) {
      const model = models[index % models.length];
      const customerId = customerIds[Math.floor(random() * customerIds.length)];
      const address = addresses.get(customerId)!;
      const daysAgo = Math.floor(random() * 1400);
      const purchaseDate = new Date(now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
      const isProject = index % 25 === 0;
      assets.push({
        modelId: model.id,
        serialNumber: `${model.modelCode.replace(/[^A-Z0-9]/gi, '').slice(0, 8).toUpperCase()}${String(100000 + index * 37).padStart(7, '0')}`,
        customerId,
        purchaseDate,
        acceptanceDate: isProject ? new Date(now.getTime() - Math.max(0, daysAgo - 60) * 86_400_000).toISOString().slice(0, 10) : null,
        salesChannel: isProject ? 'project' : pick(['store', 'store', 'dealer', 'online'] as const),
        invoiceNumber: `FP${purchaseDate.replace(/-/g, '')}${String(index).padStart(4, '0')}`,
        extendedWarrantyEnd: random() < 0.08 ? new Date(now.getTime() + Math.floor(random() * 700) * 86_400_000).toISOString().slice(0, 10) : null,
        notes: null,
        address: { provinceCode: address.provinceCode, cityCode: address.cityCode, districtCode: address.districtCode, detail: address.detail, latitude: address.latitude, longitude: address.longitude },
      });
    }
    await insertImportedAssets(tx, SYSTEM_ACTOR, assets, now);
    return { customers: customers.length, assets: assets.length };
  });
  return { ...result, models: modelCount };
}

import areaData from 'china-area-data/data.json';

/**
 * Province / city / district division codes (GB/T 2260) from china-area-data. A district
 * code belongs to a city code, which belongs to a province code.
 */
const AREAS = areaData as Record<string, Record<string, string>>;

export function provinceName(code: string): string | undefined {
  return AREAS['86']?.[code];
}

export function cityName(provinceCode: string, cityCode: string): string | undefined {
  return AREAS[provinceCode]?.[cityCode];
}

export function districtName(cityCode: string, districtCode: string): string | undefined {
  return AREAS[cityCode]?.[districtCode];
}

/** Checks a province/city/district triple; returns the field that is wrong, or null. */
export function checkRegion(region: { provinceCode: string; cityCode: string; districtCode: string }): 'provinceCode' | 'cityCode' | 'districtCode' | null {
  if (!provinceName(region.provinceCode)) return 'provinceCode';
  if (!cityName(region.provinceCode, region.cityCode)) return 'cityCode';
  if (!districtName(region.cityCode, region.districtCode)) return 'districtCode';
  return null;
}

/** "上海市浦东新区" from codes; city names like 市辖区 are left out. */
export function regionLabel(region: { provinceCode: string; cityCode: string; districtCode: string }): string {
  const province = provinceName(region.provinceCode) ?? '';
  const city = cityName(region.provinceCode, region.cityCode) ?? '';
  const district = districtName(region.cityCode, region.districtCode) ?? '';
  const shownCity = city === '市辖区' || city === '县' || city === province ? '' : city;
  return `${province}${shownCity}${district}`;
}

/** Finds codes by names as people write them in spreadsheets ("上海", "上海市", "浦东新区"). */
export function findRegionByNames(names: { province: string; city?: string; district: string }) {
  const strip = (value: string) => value.replace(/(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$/, '');
  const provinces = AREAS['86'] ?? {};
  const provinceCode = Object.keys(provinces).find((code) => provinces[code] === names.province || strip(provinces[code]) === strip(names.province));
  if (!provinceCode) return { error: 'province' as const };
  const cities = AREAS[provinceCode] ?? {};
  const cityCodes = Object.keys(cities).filter((code) => !names.city || cities[code] === names.city || strip(cities[code]) === strip(names.city) || cities[code] === '市辖区' || cities[code] === '县');
  for (const cityCode of cityCodes) {
    const districts = AREAS[cityCode] ?? {};
    const districtCode = Object.keys(districts).find((code) => districts[code] === names.district);
    if (districtCode) return { provinceCode, cityCode, districtCode };
  }
  return { error: names.city && cityCodes.length === 0 ? ('city' as const) : ('district' as const) };
}

/** The whole tree for cascaders: [{value, label, children}]. */
export function regionTree() {
  const provinces = AREAS['86'] ?? {};
  return Object.entries(provinces).map(([provinceCode, provinceLabel]) => ({
    value: provinceCode,
    label: provinceLabel,
    children: Object.entries(AREAS[provinceCode] ?? {}).map(([cityCode, cityLabel]) => ({
      value: cityCode,
      label: cityLabel,
      children: Object.entries(AREAS[cityCode] ?? {}).map(([districtCode, districtLabel]) => ({ value: districtCode, label: districtLabel })),
    })),
  }));
}

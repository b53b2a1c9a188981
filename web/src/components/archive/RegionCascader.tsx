import type { CSSProperties } from 'react';
import { Cascader } from 'antd';
import { regionLabel, regionTree } from '../../../../contracts/regions';

type RegionOption = { value: string; label: string; children?: RegionOption[] };

let cachedTree: RegionOption[] | null = null;
/** The province/city/district tree, built once. */
export function regionOptions(): RegionOption[] {
  cachedTree ??= regionTree();
  return cachedTree;
}

export type RegionValue = [string, string, string] | [string, string] | [string] | [];

/** Codes from a cascader value. */
export function regionCodes(value: readonly string[] | null | undefined) {
  const [provinceCode, cityCode, districtCode] = value ?? [];
  return { provinceCode, cityCode, districtCode };
}

/** Label of a full triple ("上海市浦东新区"), '' when incomplete. */
export function regionText(value: readonly string[] | null | undefined): string {
  const { provinceCode, cityCode, districtCode } = regionCodes(value);
  return provinceCode && cityCode && districtCode ? regionLabel({ provinceCode, cityCode, districtCode }) : '';
}

type RegionCascaderProps = {
  id?: string;
  value?: string[];
  onChange?: (value: string[] | undefined) => void;
  placeholder?: string;
  style?: CSSProperties;
  disabled?: boolean;
  /** Allow picking a province or city alone (search filters). */
  changeOnSelect?: boolean;
  'data-testid'?: string;
};

/** Province / city / district picker (GB/T 2260 codes), searchable by name. */
export function RegionCascader({ onChange, ...props }: RegionCascaderProps) {
  return (
    <Cascader<RegionOption>
      {...props}
      options={regionOptions()}
      allowClear
      showSearch={{ filter: (input, path) => path.some((option) => option.label.includes(input.trim())) }}
      onChange={(value) => onChange?.(value ? (value as string[]) : undefined)}
    />
  );
}

import { Space, Tag, Typography } from 'antd';
import type { WarrantyCheck, WarrantyState } from '../../api/archive';
import { useI18n, type MessageKey } from '../../i18n';

export const WARRANTY_COLORS: Record<WarrantyState, string> = {
  in_warranty: 'green',
  extended: 'blue',
  out_of_warranty: 'red',
  unknown: 'default',
};

export function warrantyStateKey(state: WarrantyState): MessageKey {
  return `warranty.state.${state}` as MessageKey;
}

/** The warranty state as a coloured tag; with `showBasis` the server's explanation in the UI language. */
export function WarrantyTag({ warranty, showBasis = false, showEnd = false }: { warranty: WarrantyCheck; showBasis?: boolean; showEnd?: boolean }) {
  const { t, locale } = useI18n();
  const basis = locale === 'en' ? warranty.basis.en : warranty.basis.zh;
  const end = warranty.extendedEnd && warranty.state === 'extended' ? warranty.extendedEnd : warranty.endDate;
  const tag = (
    <Tag color={WARRANTY_COLORS[warranty.state]} title={showBasis ? undefined : basis} data-testid="warranty-tag">
      {t(warrantyStateKey(warranty.state))}
      {warranty.isOverridden ? ` · ${t('warranty.overridden')}` : ''}
    </Tag>
  );
  if (!showBasis && !showEnd) return tag;
  return (
    <Space size={4} wrap>
      {tag}
      {showEnd && end ? <Typography.Text type="secondary">{t('warranty.until', { date: end })}</Typography.Text> : null}
      {showBasis ? <Typography.Text type="secondary" data-testid="warranty-basis">{basis}</Typography.Text> : null}
    </Space>
  );
}

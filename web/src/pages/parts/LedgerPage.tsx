/**
 * The ledger (出入库流水): every movement, newest first, within the user's scope; filters
 * warehouse, kind and a Shanghai date range. The total counts up to 10,000 rows.
 */
import { Card, DatePicker, Form, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { MOVEMENT_KIND_LABELS, MOVEMENT_KINDS, STOCK_CONDITION_LABELS } from '../../../../contracts/parts';
import { partsApi, type LedgerFilters, type LedgerRow, type MovementKind } from '../../api/parts';
import { DateTime } from '../../components/DateTime';
import { FilterSelect, ListTable, SearchForm } from '../../components/ListParts';
import { PageHeader } from '../../components/PageHeader';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useI18n } from '../../i18n';
import { shanghaiDayBoundary } from '../../time';
import { labelOf } from './PartsPage';
import { formatQuantity } from './StockPage';

type FormValues = { warehouseId?: string; kind?: MovementKind; range?: [Dayjs | null, Dayjs | null] | null };

export function toLedgerFilters(values: FormValues): LedgerFilters {
  const { range, ...rest } = values;
  const filters: LedgerFilters = cleanFilters(rest);
  if (range?.[0]) filters.from = shanghaiDayBoundary(range[0].format('YYYY-MM-DD'), 'start');
  if (range?.[1]) filters.to = shanghaiDayBoundary(range[1].format('YYYY-MM-DD'), 'end');
  return filters;
}

/** Movements that add stock are green, those that take it away red, the rest grey. */
export function movementColor(row: Pick<LedgerRow, 'quantity' | 'inTransitChange'>): string {
  if (row.quantity > 0) return 'green';
  if (row.quantity < 0) return 'red';
  return row.inTransitChange !== 0 ? 'blue' : 'default';
}

export function LedgerPage() {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const warehouses = useQuery({ queryKey: ['parts', 'warehouses'], queryFn: () => partsApi.warehouses({ page: 1, pageSize: 200 }) });
  const { query, setFilters, pagination, items } = usePagedQuery<LedgerRow, LedgerFilters>('parts-ledger', partsApi.ledger, {});
  const isCapped = Boolean((query.data as { isTotalCapped?: boolean } | undefined)?.isTotalCapped);

  const columns: TableColumnsType<LedgerRow> = [
    { title: t('ledger.at'), dataIndex: 'at', key: 'at', width: 170, render: (value: string) => <DateTime value={value} /> },
    { title: t('ledger.kind'), dataIndex: 'kind', key: 'kind', render: (kind: MovementKind, row) => <Tag color={movementColor(row)}>{labelOf(MOVEMENT_KIND_LABELS[kind], locale)}</Tag> },
    { title: t('ledger.part'), key: 'part', render: (_, row) => `${row.partNumber} ${row.partName}` },
    { title: t('ledger.warehouse'), dataIndex: 'warehouseName', key: 'warehouse' },
    { title: t('stock.condition'), dataIndex: 'condition', key: 'condition', render: (value: LedgerRow['condition']) => labelOf(STOCK_CONDITION_LABELS[value], locale) },
    { title: t('ledger.quantity'), dataIndex: 'quantity', key: 'quantity', align: 'right', render: (value: number) => (value > 0 ? `+${formatQuantity(value)}` : formatQuantity(value)) },
    { title: t('ledger.inTransit'), dataIndex: 'inTransitChange', key: 'inTransit', align: 'right', render: (value: number) => (value ? formatQuantity(value) : '—') },
    { title: t('ledger.balanceAfter'), dataIndex: 'balanceAfter', key: 'balanceAfter', align: 'right', render: formatQuantity },
    { title: t('ledger.serial'), dataIndex: 'serial', key: 'serial', render: (value: string | null) => value ?? '—' },
    { title: t('ledger.document'), key: 'document', render: (_, row) => <Typography.Text copyable={{ text: row.documentId }}>{`${row.documentType} ${row.documentId.slice(0, 8)}`}</Typography.Text> },
    { title: t('ledger.actor'), dataIndex: 'actorName', key: 'actor', render: (value: string | null) => value ?? '—' },
    { title: t('ledger.reason'), dataIndex: 'reason', key: 'reason', ellipsis: true, render: (value: string | null) => value ?? '—' },
  ];

  return (
    <Card>
      <PageHeader title={t('ledger.title')} />
      <SearchForm form={form} name="ledger-search" onSearch={(values) => setFilters(toLedgerFilters(values))} onReset={() => setFilters({})}>
        <FilterSelect name="warehouseId" placeholder={t('ledger.warehouse')} width={220} showSearch={{ optionFilterProp: 'label' }} options={(warehouses.data?.items ?? []).map((item) => ({ value: item.id, label: item.name }))} />
        <FilterSelect name="kind" placeholder={t('ledger.kind')} width={150} options={MOVEMENT_KINDS.map((kind) => ({ value: kind, label: labelOf(MOVEMENT_KIND_LABELS[kind], locale) }))} />
        <Form.Item name="range">
          <DatePicker.RangePicker />
        </Form.Item>
      </SearchForm>
      {isCapped ? <Typography.Paragraph type="secondary">{t('ledger.cappedTotal', { total: 10000 })}</Typography.Paragraph> : null}
      <ListTable<LedgerRow> columns={columns} dataSource={items} loading={query.isFetching} pagination={pagination} />
    </Card>
  );
}

/**
 * Warehouses with their stock (备件库存): pick a warehouse (those in the user's scope: outlet
 * staff their outlet's and its technicians', a technician only their own), then its balances
 * filtered by text, kind, condition and "below reorder point" (on hand + in transit − reserved).
 */
import { useEffect, useState } from 'react';
import { Alert, Card, Form, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { PART_KIND_LABELS, PART_KINDS, PART_UNIT_LABELS, STOCK_CONDITION_LABELS, STOCK_CONDITIONS, WAREHOUSE_LEVEL_LABELS } from '../../../../contracts/parts';
import { partsApi, type StockFilters, type StockRow, type WarehouseView } from '../../api/parts';
import { FilterInput, FilterSelect, ListTable, SearchForm } from '../../components/ListParts';
import { PageHeader } from '../../components/PageHeader';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useI18n } from '../../i18n';
import { labelOf } from './PartsPage';

/** 12.5 → "12.5", 3 → "3" (quantities keep up to three decimals). */
export function formatQuantity(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

export function StockPage() {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<StockFilters>();
  const warehouses = useQuery({ queryKey: ['parts', 'warehouses'], queryFn: () => partsApi.warehouses({ page: 1, pageSize: 200 }) });
  const [warehouseId, setWarehouseId] = useState<string | null>(null);
  const list = warehouses.data?.items ?? [];
  const warehouse: WarehouseView | undefined = list.find((item) => item.id === warehouseId);
  useEffect(() => {
    if (!warehouseId && list.length) setWarehouseId(list[0].id);
  }, [warehouseId, list]);
  const { query, setFilters, pagination, items } = usePagedQuery<StockRow, StockFilters>(`parts-stock-${warehouseId ?? ''}`, (params) => partsApi.stock(warehouseId!, params), {}, Boolean(warehouseId));

  const columns: TableColumnsType<StockRow & { id: string }> = [
    { title: t('parts.partNumber'), dataIndex: 'partNumber', key: 'partNumber', render: (value: string) => <strong>{value}</strong> },
    { title: t('parts.name'), dataIndex: 'partName', key: 'partName' },
    { title: t('parts.kind'), dataIndex: 'kind', key: 'kind', render: (kind: StockRow['kind']) => labelOf(PART_KIND_LABELS[kind], locale) },
    { title: t('stock.condition'), dataIndex: 'condition', key: 'condition', render: (value: StockRow['condition']) => <Tag color={value === 'good' ? 'green' : 'red'}>{labelOf(STOCK_CONDITION_LABELS[value], locale)}</Tag> },
    { title: t('stock.onHand'), key: 'onHand', align: 'right', render: (_, row) => `${formatQuantity(row.onHand)} ${labelOf(PART_UNIT_LABELS[row.unit], locale)}` },
    { title: t('stock.inTransit'), dataIndex: 'inTransit', key: 'inTransit', align: 'right', render: formatQuantity },
    { title: t('stock.reserved'), dataIndex: 'reserved', key: 'reserved', align: 'right', render: formatQuantity },
    { title: t('stock.available'), dataIndex: 'available', key: 'available', align: 'right', render: (value: number) => <strong>{formatQuantity(value)}</strong> },
    {
      title: t('stock.reorderPoint'),
      key: 'reorderPoint',
      render: (_, row) =>
        row.reorderPoint === null ? (
          '—'
        ) : (
          <Space size={4}>
            {formatQuantity(row.reorderPoint)}
            {row.isBelowReorderPoint ? <Tag color="red">{t('stock.belowReorderPoint')}</Tag> : null}
          </Space>
        ),
    },
  ];

  return (
    <Card>
      <PageHeader
        title={t('stock.title')}
        extra={
          <Space>
            <Typography.Text>{t('stock.warehouse')}</Typography.Text>
            <Select
              style={{ width: 280 }}
              placeholder={t('stock.pickWarehouse')}
              loading={warehouses.isLoading}
              value={warehouseId ?? undefined}
              onChange={(value: string) => setWarehouseId(value)}
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="stock-warehouse"
              options={list.map((item) => ({ value: item.id, label: `${item.name}（${labelOf(WAREHOUSE_LEVEL_LABELS[item.level], locale)}）` }))}
            />
          </Space>
        }
      />
      {warehouse?.frozenByCountId ? <Alert type="warning" showIcon title={t('stock.frozen')} style={{ marginBottom: 16 }} /> : null}
      <SearchForm form={form} name="stock-search" onSearch={(values) => setFilters(cleanFilters(values))} onReset={() => setFilters({})}>
        <FilterInput name="q" placeholder={t('stock.q')} width={200} />
        <FilterSelect name="kind" placeholder={t('parts.kind')} width={110} options={PART_KINDS.map((kind) => ({ value: kind, label: labelOf(PART_KIND_LABELS[kind], locale) }))} />
        <FilterSelect name="condition" placeholder={t('stock.condition')} width={110} options={STOCK_CONDITIONS.map((condition) => ({ value: condition, label: labelOf(STOCK_CONDITION_LABELS[condition], locale) }))} />
        <FilterSelect name="belowReorderPoint" placeholder={t('stock.onlyBelow')} width={170} options={[{ value: 'true', label: t('stock.belowReorderPoint') }]} />
      </SearchForm>
      <ListTable<StockRow & { id: string }>
        columns={columns}
        dataSource={items.map((row) => ({ ...row, id: `${row.warehouseId}|${row.partId}|${row.condition}` }))}
        loading={query.isFetching}
        pagination={pagination}
      />
    </Card>
  );
}

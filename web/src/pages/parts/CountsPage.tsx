/**
 * Stock count (盘点): pick a warehouse; 开始盘点 (parts.count) freezes it; the opener enters
 * counted quantities per part and condition (or downloads the count sheet), saves and submits;
 * someone else with parts.count.approve sees the differences (盘点数 − 账面数) and approves,
 * which posts them as adjustments and unfreezes the warehouse. The server enforces who may do what.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Form, InputNumber, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { COUNT_STATUS_LABELS, STOCK_CONDITION_LABELS, type CountStatus, type StockCondition } from '../../../../contracts/parts';
import { canAccess } from '../../access';
import { downloadFile } from '../../api/archive';
import { partsApi, partsExcelUrls, type CountLine, type CountView } from '../../api/parts';
import { useMe } from '../../auth/AuthContext';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { partLabel } from '../../components/parts/partsShared';
import { useI18n } from '../../i18n';
import { labelOf } from './PartsPage';
import { formatQuantity } from './StockPage';

const STATUS_COLORS: Record<CountStatus, string> = { draft: 'orange', submitted: 'blue', approved: 'green' };
type Row = { key: string; partId: string; label: string; condition: StockCondition; onHand: number | null; counted: number | null; difference: number | null };

/** The PUT body: only the rows with a counted quantity. */
export function countLinesOf(counted: Record<string, number | null | undefined>, rows: Pick<Row, 'key' | 'partId' | 'condition'>[]): CountLine[] {
  return rows.filter((row) => typeof counted[row.key] === 'number').map((row) => ({ partId: row.partId, condition: row.condition, countedQuantity: counted[row.key]! }));
}

export function CountsPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const canCount = canAccess(me, 'parts.count');
  const canApprove = canAccess(me, 'parts.count.approve');
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [warehouseId, setWarehouseId] = useState<string | undefined>();
  const [counted, setCounted] = useState<Record<string, number | null>>({});
  const warehouses = useQuery({ queryKey: ['parts', 'warehouses'], queryFn: () => partsApi.warehouses({ page: 1, pageSize: 200 }) });
  const warehouse = (warehouses.data?.items ?? []).find((item) => item.id === warehouseId);
  const countId = warehouse?.frozenByCountId ?? null;
  const count = useQuery({ queryKey: ['parts-count', countId], queryFn: () => partsApi.count(countId!), enabled: Boolean(countId) });
  const stock = useQuery({ queryKey: ['parts-count-stock', warehouseId], queryFn: () => partsApi.stock(warehouseId!, { page: 1, pageSize: 200 }), enabled: Boolean(warehouseId) });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['parts', 'warehouses'] });
    void queryClient.invalidateQueries({ queryKey: ['parts-count'] });
  };
  const lineOf = (partId: string, condition: StockCondition) => count.data?.lines.find((line) => line.partId === partId && line.condition === condition);
  const rows: Row[] = (stock.data?.items ?? []).map((item) => {
    const line = lineOf(item.partId, item.condition);
    return { key: `${item.partId}|${item.condition}`, partId: item.partId, label: partLabel({ partNumber: item.partNumber, name: item.partName }, item.partId), condition: item.condition, onHand: item.onHand, counted: line?.countedQuantity ?? null, difference: line?.difference ?? null };
  });
  const open = useMutation({ mutationFn: () => partsApi.openCount({ warehouseId: warehouseId! }), onSuccess: () => { void message.success(t('counts.opened')); setCounted({}); refresh(); }, onError: (error) => handleError(error) });
  const save = useMutation({ mutationFn: () => partsApi.enterCountLines(countId!, countLinesOf(counted, rows)), onSuccess: () => { void message.success(t('counts.saved')); setCounted({}); refresh(); }, onError: (error) => handleError(error) });
  const submit = useMutation({ mutationFn: () => partsApi.submitCount(countId!), onSuccess: () => { void message.success(t('counts.submitted')); refresh(); }, onError: (error) => handleError(error) });
  const approve = useMutation({ mutationFn: () => partsApi.approveCount(countId!), onSuccess: () => { void message.success(t('counts.approved')); refresh(); }, onError: (error) => handleError(error) });
  const view: CountView | undefined = count.data;
  const editable = canCount && view?.status === 'draft';

  const columns: TableColumnsType<Row> = [
    { title: t('counts.part'), dataIndex: 'label', key: 'label' },
    { title: t('counts.condition'), dataIndex: 'condition', key: 'condition', render: (value: StockCondition) => labelOf(STOCK_CONDITION_LABELS[value], locale) },
    { title: t('counts.onHand'), dataIndex: 'onHand', key: 'onHand', render: (value: number | null) => (value === null ? '—' : formatQuantity(value)) },
    {
      title: t('counts.counted'),
      key: 'counted',
      render: (_, row) =>
        editable ? (
          <InputNumber min={0} value={counted[row.key] ?? row.counted} onChange={(value) => setCounted((prev) => ({ ...prev, [row.key]: value }))} data-testid={`count-input-${row.key}`} />
        ) : row.counted === null ? '—' : formatQuantity(row.counted),
    },
    { title: t('counts.difference'), dataIndex: 'difference', key: 'difference', render: (value: number | null) => (value === null ? '—' : <Typography.Text type={value < 0 ? 'danger' : value > 0 ? 'success' : undefined}>{value > 0 ? `+${formatQuantity(value)}` : formatQuantity(value)}</Typography.Text>) },
  ];

  return (
    <Card>
      <PageHeader title={t('counts.title')} />
      <Form layout="inline" style={{ marginBottom: 16 }}>
        <Form.Item label={t('counts.warehouse')}>
          <Select style={{ width: 260 }} value={warehouseId} onChange={setWarehouseId} showSearch={{ optionFilterProp: 'label' }} data-testid="count-warehouse" options={(warehouses.data?.items ?? []).filter((item) => item.isActive && item.level !== 'technician').map((item) => ({ value: item.id, label: item.name }))} />
        </Form.Item>
      </Form>
      {warehouse && !countId && canCount ? (
        <Button type="primary" onClick={() => open.mutate()} loading={open.isPending} data-testid="count-open">
          {t('counts.open')}
        </Button>
      ) : null}
      {warehouse && !countId && !canCount ? <Alert type="info" showIcon title={t('counts.noneOpen')} /> : null}
      {view ? (
        <>
          <Space style={{ marginBottom: 12 }} wrap>
            <Tag color={STATUS_COLORS[view.status]}>{labelOf(COUNT_STATUS_LABELS[view.status], locale)}</Tag>
            <span>{t('counts.frozenBy', { name: view.frozenBy ?? '—' })}</span>
            {editable ? (
              <>
                <Button icon={<DownloadOutlined />} onClick={() => downloadFile(partsExcelUrls.countSheet(view.id), '盘点表.xlsx').catch((error) => handleError(error))}>
                  {t('counts.sheet')}
                </Button>
                <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!countLinesOf(counted, rows).length} data-testid="count-save">
                  {t('counts.save')}
                </Button>
                <Button type="primary" onClick={() => submit.mutate()} loading={submit.isPending} disabled={!view.lines.length} data-testid="count-submit">
                  {t('counts.submit')}
                </Button>
              </>
            ) : null}
            {view.status === 'submitted' && canApprove ? (
              <Button type="primary" onClick={() => approve.mutate()} loading={approve.isPending} data-testid="count-approve">
                {t('counts.approve')}
              </Button>
            ) : null}
          </Space>
          <Table<Row> rowKey="key" size="middle" columns={columns} dataSource={rows} loading={stock.isFetching || count.isFetching} pagination={false} />
        </>
      ) : null}
    </Card>
  );
}

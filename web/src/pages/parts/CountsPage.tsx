/**
 * Stock count (盘点, /part-counts, parts.count) and count approvals (盘点审批,
 * /part-count-approvals, parts.count.approve): one page in two modes.
 *
 * - 盘点: pick an outlet or central warehouse and 开始盘点 (freezes it); the opener enters counted
 *   quantities per part and condition (not serial-tracked parts) in the table or uploads the filled count sheet (下载盘点表 /
 *   上传盘点表; the server's problems by row and column are listed, nothing is entered then),
 *   saves and submits.
 * - 盘点审批: the counts awaiting approval; the approver (someone else) sees 账面数 and 差异 and
 *   approves, which posts the differences as adjustments and unfreezes the warehouse.
 *
 * Both list past counts (warehouse and status filters, paged) and show the picked one. Names come
 * with the server's answers; the server enforces who may do what.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Form, InputNumber, Select, Space, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { COUNT_STATUS_LABELS, COUNT_STATUSES, STOCK_CONDITION_LABELS, type CountStatus, type StockCondition } from '../../../../contracts/parts';
import { canAccess } from '../../access';
import { ApiError } from '../../api/client';
import { downloadFile, sendXlsx } from '../../api/archive';
import { partsApi, partsExcelUrls, type CountFilters, type CountLine, type CountSummary, type CountView } from '../../api/parts';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { FilterSelect, ListTable, SearchForm } from '../../components/ListParts';
import { PageHeader } from '../../components/PageHeader';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
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

/** A count sheet's problems as the server names them (`['盘点', row, column]`): "第 3 行「盘点数量」：…". */
export function sheetProblems(error: unknown): { row: number | null; column: string; message: string }[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  return error.details.map((detail) => {
    const [, row, column] = detail.path ?? [];
    return { row: typeof row === 'number' ? row : null, column: typeof column === 'string' ? column : typeof row === 'string' ? row : '', message: detail.message };
  });
}

/**
 * The table of one count: while counting, every part the warehouse holds (so any can be
 * counted) with the entered lines; afterwards the count's own lines.
 */
export function countRows(view: CountView, stock: { partId: string; partNumber: string; partName: string; isSerialTracked: boolean; condition: StockCondition; onHand: number }[]): Row[] {
  const fromLines = view.lines.map((line) => ({
    key: `${line.partId}|${line.condition}`,
    partId: line.partId,
    label: partLabel(line.partNumber ? { partNumber: line.partNumber, name: line.partName } : undefined, line.partId),
    condition: line.condition,
    onHand: line.systemQuantity,
    counted: line.countedQuantity,
    difference: line.difference,
  }));
  if (view.status !== 'draft') return fromLines;
  const seen = new Set(fromLines.map((row) => row.key));
  // Serial-tracked parts are counted by serial, not in a quantity count (the server refuses them).
  const fromStock = stock
    .filter((item) => !item.isSerialTracked && !seen.has(`${item.partId}|${item.condition}`))
    .map((item) => ({ key: `${item.partId}|${item.condition}`, partId: item.partId, label: partLabel({ partNumber: item.partNumber, name: item.partName }, item.partId), condition: item.condition, onHand: item.onHand, counted: null, difference: null }));
  return [...fromLines, ...fromStock];
}

export function CountsPage() {
  return <CountsView mode="count" />;
}

export function CountApprovalsPage() {
  return <CountsView mode="approve" />;
}

function CountsView({ mode }: { mode: 'count' | 'approve' }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const canCount = mode === 'count' && canAccess(me, 'parts.count');
  const canApprove = canAccess(me, 'parts.count.approve');
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [filterForm] = Form.useForm<CountFilters>();
  const [warehouseId, setWarehouseId] = useState<string | undefined>();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [counted, setCounted] = useState<Record<string, number | null>>({});
  const [problems, setProblems] = useState<ReturnType<typeof sheetProblems>>([]);
  const initialFilters: CountFilters = mode === 'approve' ? { status: 'submitted' } : {};
  const warehouses = useQuery({ queryKey: ['parts', 'warehouses'], queryFn: () => partsApi.warehouses({ page: 1, pageSize: 200 }) });
  const countable = (warehouses.data?.items ?? []).filter((item) => item.isActive && item.level !== 'technician');
  const picked = countable.find((item) => item.id === warehouseId);
  const list = usePagedQuery<CountSummary, CountFilters>('parts-counts', partsApi.counts, initialFilters);
  const count = useQuery({ queryKey: ['parts-count', selectedId], queryFn: () => partsApi.count(selectedId!), enabled: Boolean(selectedId) });
  const view: CountView | undefined = count.data;
  const editable = canCount && view?.status === 'draft';
  const stock = useQuery({ queryKey: ['parts-count-stock', view?.warehouseId], queryFn: () => partsApi.stock(view!.warehouseId, { page: 1, pageSize: 200 }), enabled: Boolean(editable && view) });
  const rows = view ? countRows(view, stock.data?.items ?? []) : [];

  const select = (id: string | null) => {
    setSelectedId(id);
    setCounted({});
    setProblems([]);
  };
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['parts', 'warehouses'] });
    void queryClient.invalidateQueries({ queryKey: ['parts-count'] });
    void queryClient.invalidateQueries({ queryKey: ['parts-counts'] });
  };
  const onDone = (text: string) => () => {
    void message.success(text);
    setCounted({});
    setProblems([]);
    refresh();
  };
  const open = useMutation({
    mutationFn: () => partsApi.openCount({ warehouseId: warehouseId! }),
    onSuccess: (created) => {
      onDone(t('counts.opened'))();
      select(created.id);
    },
    onError: (error) => handleError(error),
  });
  const save = useMutation({ mutationFn: () => partsApi.enterCountLines(selectedId!, countLinesOf(counted, rows)), onSuccess: onDone(t('counts.saved')), onError: (error) => handleError(error) });
  const upload = useMutation({
    mutationFn: (file: File) => sendXlsx<CountView>('PUT', partsExcelUrls.countSheetUpload(selectedId!), file, me?.csrfToken ?? '', locale),
    onSuccess: (updated) => onDone(t('counts.uploaded', { count: updated.lines.length }))(),
    onError: (error) => {
      const found = sheetProblems(error);
      setProblems(found);
      if (!found.length) handleError(error);
    },
  });
  const submit = useMutation({ mutationFn: () => partsApi.submitCount(selectedId!), onSuccess: onDone(t('counts.submitted')), onError: (error) => handleError(error) });
  const approve = useMutation({ mutationFn: () => partsApi.approveCount(selectedId!), onSuccess: onDone(t('counts.approved')), onError: (error) => handleError(error) });

  const lineColumns: TableColumnsType<Row> = [
    { title: t('counts.part'), dataIndex: 'label', key: 'label' },
    { title: t('counts.condition'), dataIndex: 'condition', key: 'condition', render: (value: StockCondition) => labelOf(STOCK_CONDITION_LABELS[value], locale) },
    { title: t('counts.onHand'), dataIndex: 'onHand', key: 'onHand', align: 'right', render: (value: number | null) => (value === null ? '—' : formatQuantity(value)) },
    {
      title: t('counts.counted'),
      key: 'counted',
      align: 'right',
      render: (_, row) =>
        editable ? (
          <InputNumber min={0} value={counted[row.key] ?? row.counted} onChange={(value) => setCounted((prev) => ({ ...prev, [row.key]: value }))} data-testid={`count-input-${row.key}`} />
        ) : row.counted === null ? '—' : formatQuantity(row.counted),
    },
    {
      title: t('counts.difference'),
      dataIndex: 'difference',
      key: 'difference',
      align: 'right',
      render: (value: number | null) => (value === null ? '—' : <Typography.Text type={value < 0 ? 'danger' : value > 0 ? 'success' : undefined}>{value > 0 ? `+${formatQuantity(value)}` : formatQuantity(value)}</Typography.Text>),
    },
  ];
  const listColumns: TableColumnsType<CountSummary> = [
    { title: t('counts.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 170, render: (value: string) => <DateTime value={value} /> },
    { title: t('counts.warehouse'), dataIndex: 'warehouseName', key: 'warehouse' },
    { title: t('counts.status'), dataIndex: 'status', key: 'status', render: (status: CountStatus) => <Tag color={STATUS_COLORS[status]}>{labelOf(COUNT_STATUS_LABELS[status], locale)}</Tag> },
    { title: t('counts.counter'), dataIndex: 'frozenBy', key: 'counter', render: (value: string | null) => value ?? '—' },
    { title: t('counts.lineCount'), dataIndex: 'lineCount', key: 'lineCount', align: 'right' },
    { title: t('counts.differenceCount'), dataIndex: 'differenceCount', key: 'differenceCount', align: 'right', render: (value: number | null) => (value === null ? '—' : value) },
    { title: t('counts.approver'), dataIndex: 'approvedBy', key: 'approver', render: (value: string | null) => value ?? '—' },
    { title: t('counts.approvedAt'), dataIndex: 'approvedAt', key: 'approvedAt', width: 170, render: (value: string | null) => (value ? <DateTime value={value} /> : '—') },
    { title: t('counts.note'), dataIndex: 'note', key: 'note', ellipsis: true, render: (value: string | null) => value ?? '—' },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => (
        <Button type="link" size="small" onClick={() => select(row.id)} data-testid="count-view">
          {t('counts.view')}
        </Button>
      ),
    },
  ];

  return (
    <Card>
      <PageHeader title={t(mode === 'approve' ? 'counts.approvalsTitle' : 'counts.title')} />
      {canCount ? (
        <Form layout="inline" style={{ marginBottom: 16 }}>
          <Form.Item label={t('counts.warehouse')}>
            <Select style={{ width: 260 }} value={warehouseId} onChange={setWarehouseId} showSearch={{ optionFilterProp: 'label' }} data-testid="count-warehouse" options={countable.map((item) => ({ value: item.id, label: item.name }))} />
          </Form.Item>
          {picked && picked.frozenByCountId ? (
            <Form.Item>
              <Button onClick={() => select(picked.frozenByCountId)} data-testid="count-open-current">
                {t('counts.view')}
              </Button>
            </Form.Item>
          ) : null}
          {picked && !picked.frozenByCountId ? (
            <Form.Item>
              <Button type="primary" onClick={() => open.mutate()} loading={open.isPending} data-testid="count-open">
                {t('counts.open')}
              </Button>
            </Form.Item>
          ) : null}
        </Form>
      ) : null}

      {view ? (
        <Card type="inner" size="small" style={{ marginBottom: 16 }} title={t('counts.current', { warehouse: view.warehouseName })} data-testid="count-detail">
          <Space style={{ marginBottom: 12 }} wrap>
            <Tag color={STATUS_COLORS[view.status]}>{labelOf(COUNT_STATUS_LABELS[view.status], locale)}</Tag>
            <span>{t('counts.frozenBy', { name: view.frozenBy ?? '—' })}</span>
            {editable ? (
              <>
                <Button icon={<DownloadOutlined />} onClick={() => downloadFile(partsExcelUrls.countSheet(view.id), '盘点表.xlsx').catch((error) => handleError(error))}>
                  {t('counts.sheet')}
                </Button>
                <Upload
                  accept=".xlsx"
                  showUploadList={false}
                  beforeUpload={(file) => {
                    upload.mutate(file);
                    return false;
                  }}
                >
                  <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="count-upload">
                    {t('counts.upload')}
                  </Button>
                </Upload>
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
          {problems.length ? (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('counts.uploadProblems')}
              description={
                <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="count-upload-problems">
                  {problems.map((problem, index) => (
                    <li key={index}>{problem.row === null ? `${problem.column ? `「${problem.column}」：` : ''}${problem.message}` : t('counts.problemAt', { row: problem.row, column: problem.column, message: problem.message })}</li>
                  ))}
                </ul>
              }
            />
          ) : null}
          <Table<Row> rowKey="key" size="middle" columns={lineColumns} dataSource={rows} loading={stock.isFetching || count.isFetching} pagination={false} />
        </Card>
      ) : (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={mode === 'approve' && list.query.isSuccess && !list.items.length ? t('counts.noPending') : t('counts.pick')} />
      )}

      <Typography.Title level={5}>{t('counts.list')}</Typography.Title>
      <SearchForm form={filterForm} name="counts-search" initialValues={initialFilters} onSearch={(values) => list.setFilters(cleanFilters(values))} onReset={() => list.setFilters(initialFilters)}>
        <FilterSelect name="warehouseId" placeholder={t('counts.warehouse')} width={220} showSearch={{ optionFilterProp: 'label' }} options={countable.map((item) => ({ value: item.id, label: item.name }))} />
        <FilterSelect name="status" placeholder={t('counts.status')} width={130} options={COUNT_STATUSES.map((status) => ({ value: status, label: labelOf(COUNT_STATUS_LABELS[status], locale) }))} />
      </SearchForm>
      <ListTable<CountSummary> columns={listColumns} dataSource={list.items} loading={list.query.isFetching} pagination={list.pagination} rowClassName={(row) => (row.id === selectedId ? 'ant-table-row-selected' : '')} />
    </Card>
  );
}

import { useState } from 'react';
import { App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Select, Space, TreeSelect, type TableColumnsType, type TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { ASSET_STATUSES } from '../../../../contracts/assets';
import { canAccess } from '../../access';
import { archiveApi, downloadFile, excelUrls, type AssetFilters, type AssetView, type WarrantyLookup } from '../../api/archive';
import { useMe } from '../../auth/AuthContext';
import { toDay } from '../../components/archive/dates';
import { WarrantyTag } from '../../components/archive/WarrantyTag';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useI18n, type MessageKey } from '../../i18n';
import { AssetDrawer } from './AssetDrawer';
import { categoryTreeData } from './categoryTree';
import { ListTable, SearchButtons } from '../../components/ListParts';

type SearchValues = Pick<AssetFilters, 'q' | 'categoryId' | 'status' | 'warranty'>;

export function AssetsPage() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [form] = Form.useForm<SearchValues>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const handleError = useApiError();
  const { query, filters, setFilters, pagination, items } = usePagedQuery<AssetView, AssetFilters>('assets', archiveApi.assets.list, {});
  const categories = useQuery({ queryKey: ['product-categories'], queryFn: archiveApi.products.categories, enabled: canAccess(me, 'products.read') });
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [checkOpen, setCheckOpen] = useState(false);
  const [exporting, setExporting] = useState(false);

  const onTableChange: TableProps<AssetView>['onChange'] = (_pagination, _filters, sorter) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = one?.order ? (one.columnKey as 'serialNumber' | 'purchaseDate') : undefined;
    const sort = field ? ((one.order === 'descend' ? `-${field}` : field) as AssetFilters['sort']) : undefined;
    if (sort !== filters.sort) setFilters({ ...filters, sort });
  };
  const sortOrder = (key: string) => (filters.sort === key ? ('ascend' as const) : filters.sort === `-${key}` ? ('descend' as const) : null);

  const exportList = async () => {
    setExporting(true);
    try {
      await downloadFile(excelUrls.assets(filters), 'assets.xlsx');
      void message.success(t('archive.exported'));
    } catch (error) {
      handleError(error);
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<AssetView> = [
    {
      title: t('assets.serialNumber'),
      dataIndex: 'serialNumber',
      key: 'serialNumber',
      sorter: true,
      sortOrder: sortOrder('serialNumber'),
      render: (value: string, asset) => <Link to={`/assets/${asset.id}`}>{value}</Link>,
    },
    { title: t('assets.model'), key: 'model', render: (_, asset) => `${asset.brand} ${asset.modelName}（${asset.modelCode}）` },
    { title: t('assets.category'), dataIndex: 'categoryName', key: 'categoryName' },
    { title: t('assets.customer'), key: 'customer', render: (_, asset) => <Link to={`/customers/${asset.customerId}`}>{asset.customerName}</Link> },
    { title: t('assets.purchaseDate'), dataIndex: 'purchaseDate', key: 'purchaseDate', sorter: true, sortOrder: sortOrder('purchaseDate'), render: (value: string | null) => value ?? '—' },
    { title: t('assets.warranty'), key: 'warranty', render: (_, asset) => <WarrantyTag warranty={asset.warranty} showEnd /> },
    { title: t('common.status'), dataIndex: 'status', key: 'status', render: (value: AssetView['status']) => t(`assets.status.${value}` as MessageKey) },
  ];

  return (
    <Card>
      <PageHeader
        title={t('assets.title')}
        extra={
          <Space wrap>
            <Button icon={<SafetyCertificateOutlined />} onClick={() => setCheckOpen(true)} data-testid="warranty-check">
              {t('warrantyCheck.button')}
            </Button>
            {canAccess(me, 'customers.export') ? (
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportList()}>
                {t('archive.export')}
              </Button>
            ) : null}
            {canAccess(me, 'assets.write') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawerOpen(true)}>
                {t('assets.create')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Form form={form} layout="inline" onFinish={(values) => setFilters(cleanFilters({ ...values, sort: filters.sort }))} style={{ marginBottom: 16, rowGap: 8 }} name="asset-search">
        <Form.Item name="q">
          <Input placeholder={t('assets.q')} allowClear style={{ width: 240 }} />
        </Form.Item>
        {categories.data ? (
          <Form.Item name="categoryId">
            <TreeSelect placeholder={t('assets.category')} allowClear treeDefaultExpandAll style={{ width: 180 }} treeData={categoryTreeData(categories.data.items)} />
          </Form.Item>
        ) : null}
        <Form.Item name="status">
          <Select placeholder={t('common.status')} allowClear style={{ width: 120 }} options={ASSET_STATUSES.map((value) => ({ value, label: t(`assets.status.${value}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item name="warranty">
          <Select
            placeholder={t('assets.warranty')}
            allowClear
            style={{ width: 120 }}
            options={(['in_warranty', 'extended', 'out_of_warranty'] as const).map((value) => ({ value, label: t(`warranty.state.${value}` as MessageKey) }))}
          />
        </Form.Item>
        <SearchButtons
          onReset={() => {
            form.resetFields();
            setFilters({ sort: filters.sort });
          }}
        />
      </Form>
      <ListTable<AssetView>
        columns={columns}
        dataSource={items}
        loading={query.isFetching}
        pagination={pagination}
        onChange={onTableChange}
      />
      <AssetDrawer
        open={drawerOpen}
        asset={null}
        onClose={() => setDrawerOpen(false)}
        onSaved={(asset) => {
          setDrawerOpen(false);
          void queryClient.invalidateQueries({ queryKey: ['assets'] });
          void queryClient.invalidateQueries({ queryKey: ['customers'] });
          navigate(`/assets/${asset.id}`);
        }}
      />
      <WarrantyCheckModal open={checkOpen} onClose={() => setCheckOpen(false)} />
    </Card>
  );
}

/** 保修查询: the warranty of a serial number on a day (default today). */
export function WarrantyCheckModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const handleError = useApiError();
  const [form] = Form.useForm<{ serialNumber: string; date?: Dayjs | null }>();
  const [result, setResult] = useState<WarrantyLookup | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: { serialNumber: string; date?: Dayjs | null }) => {
    setBusy(true);
    setResult(null);
    try {
      setResult(await archiveApi.assets.checkWarranty({ serialNumber: values.serialNumber.trim(), date: toDay(values.date) ?? undefined }));
    } catch (error) {
      handleError(error, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('warrantyCheck.title')} onCancel={onClose} footer={null} destroyOnHidden width={560}>
      <Form form={form} layout="inline" onFinish={submit} name="warranty-check" style={{ rowGap: 8 }}>
        <Form.Item name="serialNumber" rules={[{ required: true, whitespace: true, message: t('warrantyCheck.serialRequired') }]}>
          <Input placeholder={t('assets.serialNumber')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="date">
          <DatePicker placeholder={t('warrantyCheck.date')} style={{ width: 190 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('warrantyCheck.submit')}
          </Button>
        </Form.Item>
      </Form>
      {result ? (
        <Descriptions
          style={{ marginTop: 16 }}
          size="small"
          column={1}
          bordered
          styles={{ label: { whiteSpace: 'nowrap', width: 90 } }}
          items={[
            { key: 'serial', label: t('assets.serialNumber'), children: <Link to={`/assets/${result.asset.id}`} onClick={onClose}>{result.asset.serialNumber}</Link> },
            { key: 'model', label: t('assets.model'), children: result.asset.modelName },
            { key: 'customer', label: t('assets.customer'), children: result.asset.customerName },
            { key: 'warranty', label: t('assets.warranty'), children: <WarrantyTag warranty={result.warranty} showBasis showEnd /> },
          ]}
        />
      ) : null}
    </Modal>
  );
}

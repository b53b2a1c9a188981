import { useState } from 'react';
import { App, Button, Card, Form, Input, Select, Space, Tag, Typography, type TableColumnsType, type TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, SettingOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { CUSTOMER_KINDS } from '../../../../contracts/customers';
import { canAccess } from '../../access';
import { archiveApi, downloadFile, excelUrls, type CustomerFilters, type CustomerSummary } from '../../api/archive';
import { useMe } from '../../auth/AuthContext';
import { RegionCascader, regionCodes } from '../../components/archive/RegionCascader';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useI18n } from '../../i18n';
import { CustomerDrawer } from './CustomerDrawer';
import { KeySettingsModal } from './KeySettingsModal';
import { ListTable, SearchButtons } from '../../components/ListParts';

type SearchValues = Omit<CustomerFilters, 'provinceCode' | 'cityCode' | 'districtCode' | 'sort'> & { region?: string[] };

export function CustomerTags({ customer }: { customer: Pick<CustomerSummary, 'isKey' | 'tags'> }) {
  const { t } = useI18n();
  return (
    <>
      {customer.isKey ? <Tag color="gold">{t('customers.key')}</Tag> : null}
      {customer.tags.map((tag) => (
        <Tag key={tag}>{tag}</Tag>
      ))}
    </>
  );
}

export function CustomersPage() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [form] = Form.useForm<SearchValues>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const handleError = useApiError();
  const { query, filters, setFilters, pagination, items } = usePagedQuery<CustomerSummary, CustomerFilters>('customers', archiveApi.customers.list, {});
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [exporting, setExporting] = useState(false);

  const search = (values: SearchValues) => {
    const { region, ...rest } = values;
    const codes = regionCodes(region);
    setFilters(cleanFilters({ ...rest, ...codes, sort: filters.sort }));
  };

  const onTableChange: TableProps<CustomerSummary>['onChange'] = (_pagination, _filters, sorter) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = one?.order ? (one.columnKey === 'name' ? 'name' : 'createdAt') : undefined;
    const sort = field ? ((one.order === 'descend' ? `-${field}` : field) as CustomerFilters['sort']) : undefined;
    if (sort !== filters.sort) setFilters({ ...filters, sort });
  };

  const sortOrder = (key: 'name' | 'createdAt') =>
    filters.sort === key ? ('ascend' as const) : filters.sort === `-${key}` ? ('descend' as const) : key === 'createdAt' && !filters.sort ? ('descend' as const) : null;

  const exportList = async () => {
    setExporting(true);
    try {
      await downloadFile(excelUrls.customers(filters), 'customers.xlsx');
      void message.success(t('archive.exported'));
    } catch (error) {
      handleError(error);
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<CustomerSummary> = [
    { title: t('customers.code'), dataIndex: 'code', key: 'code', width: 120 },
    {
      title: t('customers.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (value: string, customer) => <Link to={`/customers/${customer.id}`}>{value}</Link>,
    },
    { title: t('customers.kind'), dataIndex: 'kind', key: 'kind', render: (value: CustomerSummary['kind']) => t(`customers.kind.${value}`) },
    { title: t('customers.primaryPhone'), dataIndex: 'primaryPhone', key: 'primaryPhone', render: (value: string | null) => value ?? '—' },
    { title: t('customers.defaultAddress'), dataIndex: 'defaultAddress', key: 'defaultAddress', ellipsis: true, render: (value: string | null) => value ?? '—' },
    { title: t('customers.tags'), key: 'tags', render: (_, customer) => <CustomerTags customer={customer} /> },
    { title: t('customers.assetCount'), dataIndex: 'assetCount', key: 'assetCount', align: 'right' },
    { title: t('common.createdAt'), dataIndex: 'createdAt', key: 'createdAt', sorter: true, sortOrder: sortOrder('createdAt'), render: (value: string) => <DateTime value={value} /> },
  ];

  return (
    <Card>
      <PageHeader
        title={t('customers.title')}
        extra={
          <Space wrap>
            {canAccess(me, 'customers.key') ? (
              <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)}>
                {t('keyRule.button')}
              </Button>
            ) : null}
            {canAccess(me, 'customers.import') ? (
              <Button icon={<UploadOutlined />} onClick={() => navigate('/customers/import')}>
                {t('import.button')}
              </Button>
            ) : null}
            {canAccess(me, 'customers.export') ? (
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportList()} data-testid="customers-export">
                {t('archive.export')}
              </Button>
            ) : null}
            {canAccess(me, 'customers.write') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawerOpen(true)}>
                {t('customers.create')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Form form={form} layout="inline" onFinish={search} style={{ marginBottom: 16, rowGap: 8 }} name="customer-search">
        <Form.Item name="q">
          <Input placeholder={t('customers.q')} allowClear style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="kind">
          <Select placeholder={t('customers.kind')} allowClear style={{ width: 120 }} options={CUSTOMER_KINDS.map((value) => ({ value, label: t(`customers.kind.${value}`) }))} />
        </Form.Item>
        <Form.Item name="isKey">
          <Select
            placeholder={t('customers.key')}
            allowClear
            style={{ width: 130 }}
            options={[
              { value: 'true', label: t('customers.key') },
              { value: 'false', label: t('customers.notKey') },
            ]}
          />
        </Form.Item>
        <Form.Item name="tag">
          <Input placeholder={t('customers.tag')} allowClear style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="region">
          <RegionCascader changeOnSelect placeholder={t('customers.region')} style={{ width: 220 }} />
        </Form.Item>
        <SearchButtons
          onReset={() => {
            form.resetFields();
            setFilters({ sort: filters.sort });
          }}
        />
      </Form>
      <ListTable<CustomerSummary>
        columns={columns}
        dataSource={items}
        loading={query.isFetching}
        pagination={pagination}
        onChange={onTableChange}
        locale={{ emptyText: <Typography.Text type="secondary">{t('customers.empty')}</Typography.Text> }}
      />
      <CustomerDrawer
        open={drawerOpen}
        customer={null}
        onClose={() => setDrawerOpen(false)}
        onSaved={(customer) => {
          setDrawerOpen(false);
          void queryClient.invalidateQueries({ queryKey: ['customers'] });
          navigate(`/customers/${customer.id}`);
        }}
      />
      <KeySettingsModal open={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </Card>
  );
}

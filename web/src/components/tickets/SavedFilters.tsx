import { useState } from 'react';
import { App, Button, Flex, Form, Input, Modal, Tag, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ticketsApi, type SavedFilter, type TicketFilters } from '../../api/tickets';
import { useI18n } from '../../i18n';
import { useApiError } from '../useApiError';

/** Filters as the string record the server stores (empty values dropped). */
export function filtersToQuery(filters: TicketFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) if (typeof value === 'string' && value !== '') out[key] = value;
  return out;
}

/** The signed-in user's saved list filters as chips (apply by click, delete by ×) and "保存筛选". */
export function SavedFilters({ filters, onApply }: { filters: TicketFilters; onApply: (filters: TicketFilters) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const saved = useQuery({ queryKey: ['tickets', 'saved-filters'], queryFn: () => ticketsApi.savedFilters() });
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const items: SavedFilter[] = saved.data?.items ?? [];

  const save = async () => {
    const { name } = await form.validateFields();
    setBusy(true);
    try {
      await ticketsApi.saveFilter({ name: name.trim(), query: filtersToQuery(filters) });
      void message.success(t('filters.saved'));
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: ['tickets', 'saved-filters'] });
    } catch (error) {
      handleError(error, form);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (filter: SavedFilter) => {
    try {
      await ticketsApi.deleteFilter(filter.id);
      void message.success(t('filters.deleted'));
      await queryClient.invalidateQueries({ queryKey: ['tickets', 'saved-filters'] });
    } catch (error) {
      handleError(error);
    }
  };

  return (
    <Flex gap={6} wrap align="center" style={{ marginBottom: 12 }} data-testid="saved-filters">
      <Typography.Text type="secondary">{t('filters.title')}：</Typography.Text>
      {items.map((filter) => (
        <Tag
          key={filter.id}
          color="blue"
          closable
          onClose={(event) => {
            event.preventDefault();
            void remove(filter);
          }}
          style={{ cursor: 'pointer' }}
          onClick={() => onApply(filter.query as TicketFilters)}
          data-testid={`saved-filter-${filter.name}`}
        >
          {filter.name}
        </Tag>
      ))}
      <Button
        size="small"
        icon={<SaveOutlined />}
        onClick={() => {
          form.resetFields();
          setOpen(true);
        }}
        data-testid="save-filter"
      >
        {t('filters.save')}
      </Button>
      <Modal
        open={open}
        title={t('filters.save')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => void save().catch(() => undefined)}
        onCancel={() => setOpen(false)}
        forceRender
      >
        <Form form={form} layout="vertical" name="save-filter" onFinish={() => void save().catch(() => undefined)}>
          <Form.Item name="name" label={t('filters.name')} rules={[{ required: true, whitespace: true }, { max: 40 }]}>
            <Input data-testid="save-filter-name" />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}

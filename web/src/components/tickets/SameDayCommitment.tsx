import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ticketsApi, type TicketDetail } from '../../api/tickets';
import { useI18n } from '../../i18n';
import { pickedShanghaiIso, TIME_ZONE } from '../../time';
import { useApiError } from '../useApiError';


/** Now in Shanghai as a zone-less dayjs (for the picker's disabled dates and default value). */
function shanghaiNowLocal(): Dayjs {
  return dayjs(dayjs().tz(TIME_ZONE).format('YYYY-MM-DD HH:mm'));
}

/** "当日无法解决": the reason and the firm time promised to the customer. */
export function SameDayCommitmentButton({ ticket, onUpdate }: { ticket: TicketDetail; onUpdate: (next: TicketDetail) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiError();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string; committedAt: Dayjs }>();

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      onUpdate(await ticketsApi.commitSameDay(ticket.id, { reason: values.reason.trim(), committedAt: pickedShanghaiIso(values.committedAt) }));
      void message.success(t('sameDay.saved'));
      setOpen(false);
    } catch (error) {
      handleError(error, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        onClick={() => {
          const tomorrowMorning = shanghaiNowLocal().add(1, 'day').hour(10).minute(0).second(0);
          form.setFieldsValue({
            reason: ticket.sameDayReason ?? '',
            committedAt: ticket.committedAt ? dayjs(dayjs(ticket.committedAt).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm')) : tomorrowMorning,
          });
          setOpen(true);
        }}
        data-testid="same-day-open"
      >
        {t('sameDay.button')}
      </Button>
      <Modal
        open={open}
        title={t('sameDay.button')}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => void submit().catch(() => undefined)}
        onCancel={() => setOpen(false)}
        forceRender
      >
        <Form form={form} layout="vertical" name="same-day">
          <Form.Item name="reason" label={t('sameDay.reason')} rules={[{ required: true, whitespace: true }, { min: 2 }, { max: 500 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} data-testid="same-day-reason" />
          </Form.Item>
          <Form.Item
            name="committedAt"
            label={`${t('sameDay.committedAt')}（${TIME_ZONE}）`}
            rules={[
              { required: true },
              {
                validator: (_, value: Dayjs | undefined) =>
                  !value || value.isAfter(shanghaiNowLocal()) ? Promise.resolve() : Promise.reject(new Error(t('sameDay.future'))),
              },
            ]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="same-day-at" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

import { useMemo, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { Button, Cascader, DatePicker, Form, Input, Result, Selector, TextArea, type SelectorProps } from 'antd-mobile';
import type { TicketType } from '../../../contracts/tickets';
import { regionTree } from '../../../contracts/regions';
import { isPortalApiError, portalApi, type PortalCreateResult, type PortalMe, type PortalTicketBody } from './api';
import { typeLabel, usePortalI18n, type PortalKey } from './i18n';
import { shanghaiToday as shanghaiDay } from '../time';
import { errorText, pickedDay, preferredWindow, shortTime, type Slot } from './logic';
import { TICKETS_KEY } from './TicketList';

/** The request types a customer may choose (the rest are internal: inspection, measurement, …). */
export const PORTAL_TICKET_TYPES: readonly TicketType[] = ['installation', 'repair', 'maintenance', 'return_exchange', 'consultation', 'complaint'];
const SLOTS: readonly Slot[] = ['any', 'morning', 'afternoon', 'evening'];

export type RequestFormValues = {
  type?: TicketType[];
  description?: string;
  day?: Date | null;
  slot?: Slot[];
  name?: string;
  region?: string[];
  detail?: string;
};

/** The POST body from the form values; name and address only for a phone that is not yet a customer's. */
export function buildPortalTicketBody(values: RequestFormValues, isKnownCustomer: boolean): PortalTicketBody {
  const body: PortalTicketBody = { type: values.type?.[0] ?? 'repair', description: (values.description ?? '').trim() };
  if (values.day) Object.assign(body, preferredWindow(pickedDay(values.day), values.slot?.[0] ?? 'any'));
  if (!isKnownCustomer) {
    body.name = (values.name ?? '').trim();
    const [provinceCode, cityCode, districtCode] = values.region ?? [];
    if (provinceCode && cityCode && districtCode) body.address = { provinceCode, cityCode, districtCode, detail: (values.detail ?? '').trim() };
  }
  return body;
}

/** Form field of an API error detail path (`["address","districtCode"]` → region). */
export function fieldOfPath(path: (string | number)[]): keyof RequestFormValues | null {
  const rest = path[0] === 'body' ? path.slice(1) : path;
  const [first, second] = rest;
  if (first === 'type' || first === 'description' || first === 'name') return first;
  if (first === 'preferredFrom' || first === 'preferredTo') return 'day';
  if (first === 'address') return second === 'detail' ? 'detail' : 'region';
  return null;
}

/** Today in Asia/Shanghai as a local Date at midnight (the date picker works in wall-clock fields). */
function shanghaiToday(): Date {
  const [y, m, d] = shanghaiDay().split('-').map(Number);
  return new Date(y, m - 1, d);
}

export function NewRequestForm({ me, onShowTickets }: { me: PortalMe; onShowTickets: () => void }) {
  const { t, locale } = usePortalI18n();
  const [form] = Form.useForm<RequestFormValues>();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [result, setResult] = useState<PortalCreateResult | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const regions = useMemo(() => (me.isKnownCustomer ? [] : regionTree()), [me.isKnownCustomer]);
  const today = useMemo(shanghaiToday, []);
  const lastDay = useMemo(() => new Date(today.getFullYear(), today.getMonth(), today.getDate() + 60), [today]);

  const create = useMutation({
    mutationFn: (body: PortalTicketBody) => portalApi.createTicket(body),
    onSuccess: (answer) => {
      setResult(answer);
      form.resetFields();
      void client.invalidateQueries({ queryKey: TICKETS_KEY });
      void client.invalidateQueries({ queryKey: ['portal', 'me'] });
    },
    onError: (error) => {
      if (isPortalApiError(error)) {
        if (error.status === 401) return; // back to the code form (query cache handler)
        const fields = new Map<keyof RequestFormValues, string[]>();
        for (const detail of error.details) {
          const field = fieldOfPath(detail.path);
          if (field) fields.set(field, [...(fields.get(field) ?? []), detail.message]);
        }
        if (fields.size) {
          form.setFields([...fields].map(([name, errors]) => ({ name, errors })));
          if (fields.size === error.details.length) return;
        }
        const key: PortalKey = error.status === 0 ? 'error.network' : error.status === 429 ? 'error.rateLimited' : 'error.generic';
        setFormError(error.status >= 400 && error.status < 500 && error.status !== 429 ? error.message : errorText(locale, { key }));
        return;
      }
      setFormError(t('error.generic'));
    },
  });

  if (result) {
    const { ticket } = result;
    const existing = result.isExisting && result.reason === 'duplicate_open_ticket';
    return (
      <div className="portal-section" data-testid="portal-result">
        <Result
          status={existing ? 'info' : 'success'}
          title={existing ? t('result.existing', { number: ticket.number }) : t('result.created')}
          description={
            <div>
              <div className="portal-result-number" data-testid="portal-result-number">
                {t('result.number', { number: '' }).trim()} <span className="portal-nowrap">{ticket.number}</span>
              </div>
              <div className="portal-promise" style={{ fontSize: 15, marginTop: 6 }} data-testid="portal-result-promise">
                {t('result.promise', { time: shortTime(ticket.promisedFeedbackAt, locale) })}
              </div>
            </div>
          }
        />
        <div className="portal-actions">
          <Button block color="primary" data-testid="portal-result-view" onClick={() => navigate(`/portal/tickets/${ticket.id}`)}>
            {t('result.view')}
          </Button>
          <Button
            block
            onClick={() => {
              setResult(null);
              onShowTickets();
            }}
          >
            {t('tab.tickets')}
          </Button>
          <Button block fill="none" onClick={() => setResult(null)}>
            {t('result.another')}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="portal-section" data-testid="portal-new">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ type: ['repair'], slot: ['any'] }}
        onFinish={(values: RequestFormValues) => {
          setFormError(null);
          create.mutate(buildPortalTicketBody(values, me.isKnownCustomer));
        }}
        footer={
          <>
            {formError && (
              <div className="portal-error" role="alert" style={{ padding: '0 0 12px' }}>
                {formError}
              </div>
            )}
            <Button block type="submit" color="primary" size="large" loading={create.isPending} data-testid="portal-submit">
              {t('form.submit')}
            </Button>
          </>
        }
      >
        <Form.Item name="type" label={t('form.type')} rules={[{ required: true, type: 'array', min: 1, message: t('form.type') }]}>
          <OneOfSelector columns={3} data-testid="portal-type" options={PORTAL_TICKET_TYPES.map((type) => ({ value: type, label: typeLabel(type, locale) }))} />
        </Form.Item>
        <Form.Item name="description" label={t('form.description')} rules={[{ required: true, whitespace: true, message: t('form.descriptionRequired') }]}>
          <TextArea data-testid="portal-description" placeholder={t('form.descriptionPlaceholder')} autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item
          name="day"
          label={t('form.preferred')}
          trigger="onConfirm"
          onClick={(_event, picker) => (picker.current as { open?: () => void } | null)?.open?.()}
          arrow
        >
          <DatePicker destroyOnClose min={today} max={lastDay} precision="day" title={t('form.preferredDay')} confirmText={t('form.pickerConfirm')} cancelText={t('form.pickerCancel')}>
            {(value) => (
              <span data-testid="portal-day" style={{ color: value ? '#333' : '#ccc' }}>
                {value ? pickedDay(value) : t('form.preferredDayPlaceholder')}
              </span>
            )}
          </DatePicker>
        </Form.Item>
        <Form.Subscribe to={['day']}>
          {({ day }) =>
            day ? (
              <Form.Item
                name="slot"
                description={
                  <Button size="mini" fill="none" style={{ paddingLeft: 0 }} onClick={() => form.setFieldValue('day', null)}>
                    {t('form.clear')}
                  </Button>
                }
              >
                <OneOfSelector columns={2} options={SLOTS.map((slot) => ({ value: slot, label: t(`form.slot.${slot}`) }))} />
              </Form.Item>
            ) : null
          }
        </Form.Subscribe>
        {!me.isKnownCustomer && (
          <Form.Header>{t('form.newCustomer')}</Form.Header>
        )}
        {!me.isKnownCustomer && (
          <Form.Item name="name" label={t('form.name')} rules={[{ required: true, whitespace: true, message: t('form.nameRequired') }]}>
            <Input data-testid="portal-name" placeholder={t('form.namePlaceholder')} maxLength={100} autoComplete="name" />
          </Form.Item>
        )}
        {!me.isKnownCustomer && (
          <Form.Item
            name="region"
            label={t('form.region')}
            trigger="onConfirm"
            arrow
            onClick={(_event, picker) => (picker.current as { open?: () => void } | null)?.open?.()}
            rules={[{ required: true, type: 'array', len: 3, message: t('form.regionRequired') }]}
          >
            <Cascader destroyOnClose options={regions} title={t('form.region')} confirmText={t('form.pickerConfirm')} cancelText={t('form.pickerCancel')} placeholder={t('form.regionPlaceholder')}>
              {(items) => {
                const labels = items.filter(Boolean).map((item) => item!.label);
                return (
                  <span data-testid="portal-region" style={{ color: labels.length ? '#333' : '#ccc' }}>
                    {labels.length ? labels.join(' ') : t('form.regionPlaceholder')}
                  </span>
                );
              }}
            </Cascader>
          </Form.Item>
        )}
        {!me.isKnownCustomer && (
          <Form.Item name="detail" label={t('form.detail')} rules={[{ required: true, whitespace: true, message: t('form.detailRequired') }]}>
            <Input data-testid="portal-detail" placeholder={t('form.detailPlaceholder')} maxLength={200} autoComplete="street-address" />
          </Form.Item>
        )}
      </Form>
    </div>
  );
}

/**
 * A selector with exactly one choice: tapping the chosen option again keeps it (antd-mobile's
 * Selector would clear it, and the form would then complain that nothing is chosen).
 */
export function OneOfSelector<V extends string>({ onChange, ...props }: SelectorProps<V>) {
  return <Selector<V> {...props} onChange={(value, extend) => value.length > 0 && onChange?.(value, extend)} />;
}

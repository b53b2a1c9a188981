import { useState } from 'react';
import { App, Button, Card, Checkbox, Descriptions, Drawer, Flex, Form, Input, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { EXCLUSION_LABELS, EXCLUSIONS, FAULT_CLASSES, REMEDIES, URGENCIES } from '../../../../contracts/tickets';
import { archiveApi, type AssetView } from '../../api/archive';
import { ticketsApi, type AssessmentBody, type AssessmentView, type Remedy, type TicketDetail } from '../../api/tickets';
import { useI18n, type Locale, type MessageKey } from '../../i18n';
import { WARRANTY_COLORS, warrantyStateKey } from '../archive/WarrantyTag';
import { DateTime } from '../DateTime';
import { useApiError } from '../useApiError';
import { urgencyKey } from './labels';

const IMPACTS = ['low', 'medium', 'high'] as const;
const pick = (text: { zh: string; en: string }, locale: Locale) => (locale === 'en' ? text.en : text.zh);
export const remedyKey = (remedy: Remedy): MessageKey => `assess.remedy.${remedy}` as MessageKey;

/** The outcome of an assessment: free/paid with the reason, warranty, 三包 remedies, the override. */
export function AssessmentResult({ assessment, faultName }: { assessment: AssessmentView; faultName?: string }) {
  const { t, locale } = useI18n();
  const { sanbao, warranty, override } = assessment;
  const warrantyState = warranty.state as keyof typeof WARRANTY_COLORS;
  return (
    <Space orientation="vertical" size={10} style={{ width: '100%' }} data-testid="assessment-result">
      <Flex gap={8} align="center" wrap>
        <Tag color={assessment.isFree ? 'green' : 'volcano'} style={{ fontSize: 14, padding: '2px 10px' }} data-testid="assessment-charge">
          {assessment.isFree ? t('assess.free') : t('assess.paid')}
        </Tag>
        <Typography.Text data-testid="assessment-charge-reason">{pick(assessment.chargeReason, locale)}</Typography.Text>
      </Flex>
      <Descriptions size="small" column={1} bordered styles={{ label: { whiteSpace: 'nowrap', width: 96 } }}>
        <Descriptions.Item label={t('assess.warranty')}>
          <Space size={4} wrap>
            <Tag color={WARRANTY_COLORS[warrantyState] ?? 'default'}>{WARRANTY_COLORS[warrantyState] ? t(warrantyStateKey(warrantyState)) : warranty.state}</Tag>
            <Typography.Text type="secondary" data-testid="assessment-warranty-basis">
              {pick(warranty.basis, locale)}
            </Typography.Text>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('assess.sanbao')}>
          <Space orientation="vertical" size={4}>
            <Space size={4} wrap data-testid="assessment-remedies">
              {sanbao.remedies.map((remedy) => {
                const recommended = remedy === sanbao.recommended;
                return (
                  <Tag key={remedy} color={recommended ? 'blue' : undefined} data-testid={`remedy-${remedy}`} data-recommended={recommended ? 'true' : 'false'} style={recommended ? { fontWeight: 600 } : undefined}>
                    {t(remedyKey(remedy))}
                    {recommended ? ` · ${t('assess.recommended')}` : ''}
                  </Tag>
                );
              })}
            </Space>
            <Typography.Text type="secondary" data-testid="assessment-sanbao-reason">
              {pick(sanbao.reason, locale)}
            </Typography.Text>
          </Space>
        </Descriptions.Item>
        {override ? (
          <Descriptions.Item label={t('assess.override')}>
            <Space orientation="vertical" size={0} data-testid="assessment-override">
              <Space size={4}>
                <Tag color="purple">{t(remedyKey(override.remedy))}</Tag>
              </Space>
              <Typography.Text>{t('assess.overrideText', { by: override.by ?? '—', remedy: t(remedyKey(override.remedy)), reason: override.reason })}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <DateTime value={override.at} />
              </Typography.Text>
            </Space>
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('assess.faultClass')}>
          {t(`assess.faultClass.${assessment.faultClass}` as MessageKey)} · {faultName ? `${faultName}（${assessment.faultCode}）` : assessment.faultCode}
        </Descriptions.Item>
        <Descriptions.Item label={t('assess.impact')}>
          {IMPACTS.includes(assessment.impact as (typeof IMPACTS)[number]) ? t(`assess.impact.${assessment.impact}` as MessageKey) : assessment.impact} ·{' '}
          {URGENCIES.includes(assessment.urgency as (typeof URGENCIES)[number]) ? t(urgencyKey(assessment.urgency as (typeof URGENCIES)[number])) : assessment.urgency}
        </Descriptions.Item>
        {assessment.actualFault ? <Descriptions.Item label={t('assess.actualFault')}>{assessment.actualFault}</Descriptions.Item> : null}
        <Descriptions.Item label={t('assess.exclusions')}>
          {assessment.exclusions.length ? assessment.exclusions.map((item) => <Tag key={item} color="red">{pick(EXCLUSION_LABELS[item], locale)}</Tag>) : t('common.none')}
        </Descriptions.Item>
        {assessment.notes ? <Descriptions.Item label={t('assess.notes')}>{assessment.notes}</Descriptions.Item> : null}
      </Descriptions>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('assess.assessedBy', { by: assessment.assessedBy ?? '—', at: '' })}
        <DateTime value={assessment.assessedAt} />
      </Typography.Text>
    </Space>
  );
}

type FormValues = {
  faultClass: AssessmentBody['faultClass'];
  faultCode: string;
  impact: AssessmentBody['impact'];
  urgency: NonNullable<AssessmentBody['urgency']>;
  actualFault?: string;
  exclusions: NonNullable<AssessmentBody['exclusions']>;
  notes?: string;
};

/** The 评估 card: the result once assessed, the form in a drawer, the manager's 三包 override. */
export function AssessmentCard({
  ticket,
  asset,
  canUpdate,
  canOverride,
  canReadProducts,
  onUpdate,
}: {
  ticket: TicketDetail;
  asset: AssetView | undefined;
  canUpdate: boolean;
  canOverride: boolean;
  canReadProducts: boolean;
  onUpdate: (next: TicketDetail) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiError();
  const [form] = Form.useForm<FormValues>();
  const [overrideForm] = Form.useForm<{ remedy: Remedy; reason: string }>();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [overrideOpen, setOverrideOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const categories = useQuery({ queryKey: ['products', 'categories'], queryFn: () => archiveApi.products.categories(), enabled: canReadProducts && !!asset, staleTime: 60_000 });
  const category = asset ? categories.data?.items.find((item) => item.id === asset.categoryId) : undefined;
  const faultCodes = category?.effectiveFaultCodes ?? [];
  const assessment = ticket.assessment;
  const closed = ['resolved', 'closed', 'cancelled'].includes(ticket.status);

  const openForm = () => {
    form.setFieldsValue(
      assessment
        ? {
            faultClass: assessment.faultClass,
            faultCode: assessment.faultCode,
            impact: assessment.impact as FormValues['impact'],
            urgency: assessment.urgency as FormValues['urgency'],
            actualFault: assessment.actualFault ?? undefined,
            exclusions: assessment.exclusions,
            notes: assessment.notes ?? undefined,
          }
        : { faultClass: 'performance', impact: 'medium', urgency: ticket.urgency, exclusions: [], faultCode: undefined, actualFault: undefined, notes: undefined },
    );
    setDrawerOpen(true);
  };

  const submit = async (values: FormValues) => {
    setBusy(true);
    try {
      const body: AssessmentBody = {
        faultClass: values.faultClass,
        faultCode: values.faultCode.trim(),
        impact: values.impact,
        urgency: values.urgency,
        exclusions: values.exclusions ?? [],
        actualFault: values.actualFault?.trim() || null,
        notes: values.notes?.trim() || null,
      };
      onUpdate(await ticketsApi.assess(ticket.id, body));
      void message.success(t('assess.saved'));
      setDrawerOpen(false);
    } catch (error) {
      handleError(error, form);
    } finally {
      setBusy(false);
    }
  };

  const submitOverride = async () => {
    const values = await overrideForm.validateFields();
    setBusy(true);
    try {
      onUpdate(await ticketsApi.overrideSanbao(ticket.id, { remedy: values.remedy, reason: values.reason.trim() }));
      void message.success(t('assess.overridden'));
      setOverrideOpen(false);
    } catch (error) {
      handleError(error, overrideForm);
    } finally {
      setBusy(false);
    }
  };

  const faultName = faultCodes.find((item) => item.code === assessment?.faultCode)?.name;

  return (
    <Card
      size="small"
      title={t('assess.title')}
      data-testid="assessment-card"
      extra={
        <Space>
          {assessment && canOverride ? (
            <Button
              size="small"
              onClick={() => {
                overrideForm.setFieldsValue({ remedy: assessment.override?.remedy ?? assessment.sanbao.recommended ?? undefined, reason: '' });
                setOverrideOpen(true);
              }}
              data-testid="sanbao-override"
            >
              {t('assess.overrideButton')}
            </Button>
          ) : null}
          {canUpdate && !closed ? (
            <Button size="small" type={assessment ? 'default' : 'primary'} onClick={openForm} data-testid="assess-open">
              {assessment ? t('assess.edit') : t('assess.start')}
            </Button>
          ) : null}
        </Space>
      }
    >
      {assessment ? <AssessmentResult assessment={assessment} faultName={faultName} /> : <Typography.Text type="secondary">{t('assess.none')}</Typography.Text>}

      <Drawer
        open={drawerOpen}
        title={assessment ? t('assess.edit') : t('assess.start')}
        size={480}
        rootClassName="assess-drawer"
        onClose={() => setDrawerOpen(false)}
        forceRender
        extra={
          <Space>
            <Button onClick={() => setDrawerOpen(false)}>{t('common.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="assess-submit">
              {t('common.save')}
            </Button>
          </Space>
        }
      >
        <Form form={form} layout="vertical" name="ticket-assessment" onFinish={(values) => void submit(values)}>
          <Form.Item name="faultClass" label={t('assess.faultClass')} rules={[{ required: true }]}>
            <Radio.Group data-testid="assess-fault-class" options={FAULT_CLASSES.map((value) => ({ value, label: t(`assess.faultClass.${value}` as MessageKey) }))} />
          </Form.Item>
          {faultCodes.length ? (
            <Form.Item name="faultCode" label={t('assess.faultCode')} rules={[{ required: true }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                data-testid="assess-fault-code"
                options={faultCodes.map((item) => ({ value: item.code, label: `${item.name}（${item.code}）` }))}
              />
            </Form.Item>
          ) : (
            <Form.Item name="faultCode" label={t('assess.faultCode')} extra={t('assess.faultCodeFree')} rules={[{ required: true, whitespace: true }, { max: 50 }]}>
              <Input data-testid="assess-fault-code-text" />
            </Form.Item>
          )}
          <Form.Item name="impact" label={t('assess.impact')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={IMPACTS.map((value) => ({ value, label: t(`assess.impact.${value}` as MessageKey) }))} />
          </Form.Item>
          <Form.Item name="urgency" label={t('tickets.field.urgency')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={URGENCIES.map((value) => ({ value, label: t(urgencyKey(value)) }))} />
          </Form.Item>
          <Form.Item name="actualFault" label={t('assess.actualFault')} rules={[{ max: 500 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
          </Form.Item>
          <Form.Item name="exclusions" label={t('assess.exclusions')}>
            <Checkbox.Group data-testid="assess-exclusions" options={EXCLUSIONS.map((value) => ({ value, label: pick(EXCLUSION_LABELS[value], locale) }))} />
          </Form.Item>
          <Form.Item name="notes" label={t('assess.notes')} rules={[{ max: 2000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        </Form>
      </Drawer>

      <Modal
        open={overrideOpen}
        title={t('assess.overrideButton')}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => void submitOverride().catch(() => undefined)}
        onCancel={() => setOverrideOpen(false)}
        forceRender
      >
        <Form form={overrideForm} layout="vertical" name="sanbao-override">
          <Form.Item name="remedy" label={t('assess.remedy')} rules={[{ required: true }]}>
            <Radio.Group options={REMEDIES.map((value) => ({ value, label: t(remedyKey(value)) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('assess.overrideReason')} rules={[{ required: true, whitespace: true }, { min: 2 }, { max: 300 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} data-testid="sanbao-override-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

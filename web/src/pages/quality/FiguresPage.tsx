/**
 * 质量指标 (issue 14): per technician or outlet over a period of Shanghai days — first-time fix
 * rate, rework rate, repeat-repair rate with its top fault codes, inspection pass rate and the
 * approved rewards and penalties (fen shown in yuan). One call: GET /api/quality/figures
 * (outlet staff get their outlet only; the server scopes it).
 */
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Radio, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { qualityApi, type FigureRow, type FiguresQuery } from '../../api/quality';
import { formatFen } from '../../components/archive/money';
import { errorText } from '../../components/useApiError';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n';
import { shanghaiDateOffset, shanghaiToday } from '../../time';

/** A rate (a fraction with four decimals, null without a denominator) as a percent with one decimal. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** The default period: the last 30 Shanghai days, today included. */
export function defaultFiguresQuery(now: Date = new Date()): FiguresQuery {
  return { from: shanghaiDateOffset(-29, now), to: shanghaiToday(now), groupBy: 'technician' };
}

type FormValues = { period: [Dayjs, Dayjs]; groupBy: FiguresQuery['groupBy'] };

export function FiguresPage() {
  const { t, locale } = useI18n();
  const [filters, setFilters] = useState<FiguresQuery>(() => defaultFiguresQuery());
  const [form] = Form.useForm<FormValues>();
  const query = useQuery({ queryKey: ['quality-figures', filters], queryFn: () => qualityApi.figures(filters) });

  const rate = (value: number | null, part: number, whole: number) => (
    <Space orientation="vertical" size={0}>
      <span>{formatRate(value)}</span>
      <Typography.Text type="secondary">{whole > 0 ? `${part}/${whole}` : ''}</Typography.Text>
    </Space>
  );

  const columns: TableColumnsType<FigureRow> = [
    { title: filters.groupBy === 'outlet' ? t('quality.figures.outlet') : t('quality.figures.technician'), key: 'name', render: (_, row) => row.name ?? t('quality.figures.none') },
    { title: t('quality.figures.visits'), dataIndex: 'visits', key: 'visits' },
    { title: t('quality.figures.firstTimeFix'), key: 'ftf', render: (_, row) => rate(row.firstTimeFixRate, row.firstTimeFixes, row.visits) },
    { title: t('quality.figures.rework'), key: 'rework', render: (_, row) => rate(row.reworkRate, row.reworks, row.visits) },
    {
      title: t('quality.figures.repeat'),
      key: 'repeat',
      render: (_, row) => (
        <Space orientation="vertical" size={2}>
          {rate(row.repeatRepairRate, row.repeatRepairs, row.visits)}
          {row.topRepeatReasons.length ? (
            <Space size={[4, 4]} wrap>
              {row.topRepeatReasons.map((reason) => (
                <Tag key={reason.faultCode} color="red">
                  {t('quality.figures.reason', { code: reason.faultCode, count: reason.count })}
                </Tag>
              ))}
            </Space>
          ) : null}
        </Space>
      ),
    },
    { title: t('quality.figures.inspection'), key: 'inspection', render: (_, row) => rate(row.inspectionPassRate, row.inspectionsPassed, row.inspections) },
    {
      title: t('quality.figures.rewards'),
      key: 'rewards',
      render: (_, row) => (
        <Typography.Text type={row.rewardsFen || row.rewardPoints ? 'success' : 'secondary'}>
          {formatFen(row.rewardsFen)} · {t('quality.figures.points', { points: row.rewardPoints })}
        </Typography.Text>
      ),
    },
    {
      title: t('quality.figures.penalties'),
      key: 'penalties',
      render: (_, row) => (
        <Typography.Text type={row.penaltiesFen || row.penaltyPoints ? 'danger' : 'secondary'}>
          {formatFen(row.penaltiesFen)} · {t('quality.figures.points', { points: row.penaltyPoints })}
        </Typography.Text>
      ),
    },
  ];

  return (
    <Card>
      <PageHeader title={t('quality.figures.title')} />
      <Form<FormValues>
        form={form}
        name="figures-search"
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        initialValues={{ period: [dayjs(filters.from), dayjs(filters.to)], groupBy: filters.groupBy }}
        onFinish={(values) => setFilters({ from: values.period[0].format('YYYY-MM-DD'), to: values.period[1].format('YYYY-MM-DD'), groupBy: values.groupBy })}
      >
        <Form.Item name="period" label={t('quality.figures.period')} rules={[{ required: true, message: t('quality.required') }]}>
          <DatePicker.RangePicker allowClear={false} data-testid="figures-period" />
        </Form.Item>
        <Form.Item name="groupBy">
          <Radio.Group optionType="button" data-testid="figures-group-by">
            <Radio.Button value="technician">{t('quality.figures.byTechnician')}</Radio.Button>
            <Radio.Button value="outlet">{t('quality.figures.byOutlet')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" data-testid="figures-submit">
            {t('quality.figures.show')}
          </Button>
        </Form.Item>
      </Form>
      {query.isError ? (
        <Alert type="error" showIcon title={errorText(query.error, t, locale)} data-testid="figures-error" />
      ) : (
        <Table<FigureRow>
          rowKey={(row) => row.id ?? 'none'}
          columns={columns}
          dataSource={query.data?.rows ?? []}
          loading={query.isFetching}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="figures-table"
        />
      )}
    </Card>
  );
}

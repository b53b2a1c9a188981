import { useState } from 'react';
import { Alert, App, Button, Card, Col, Row, Space, Statistic, Steps, Table, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { downloadFile, excelUrls, uploadImport, type ImportCounts, type ImportProblem, type ImportResult } from '../../api/archive';
import { useMe } from '../../auth/AuthContext';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

function Counts({ title, counts, dryRun }: { title: string; counts: ImportCounts; dryRun: boolean }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={title}>
      <Row gutter={16}>
        <Col span={6}>
          <Statistic title={t('import.rows')} value={counts.rows} />
        </Col>
        <Col span={6}>
          <Statistic title={dryRun ? t('import.toCreate') : t('import.created')} value={counts.created} styles={{ content: { color: '#389e0d' } }} />
        </Col>
        <Col span={6}>
          <Statistic title={t('import.existing')} value={counts.existing} />
        </Col>
        <Col span={6}>
          <Statistic title={t('import.invalid')} value={counts.invalid} styles={{ content: counts.invalid ? { color: '#cf1322' } : {} }} />
        </Col>
      </Row>
    </Card>
  );
}

/** Excel import: upload → dry run with problems → import the valid rows → result. */
export function ImportPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    try {
      const result = await uploadImport(file, dryRun, me.csrfToken, locale);
      if (dryRun) setCheck(result);
      else {
        setDone(result);
        void message.success(t('import.finished'));
        void queryClient.invalidateQueries({ queryKey: ['customers'] });
        void queryClient.invalidateQueries({ queryKey: ['assets'] });
      }
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    setFile(null);
    setCheck(null);
    setDone(null);
  };

  const result = done ?? check;
  const step = done ? 2 : check ? 1 : 0;
  const canImport = !!check && check.customers.created + check.customers.existing + check.assets.created > 0;

  return (
    <Card>
      <PageHeader
        title={t('import.title')}
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/customers')}>
              {t('import.back')}
            </Button>
            <Button icon={<DownloadOutlined />} onClick={() => void downloadFile(excelUrls.template, 'template.xlsx').catch(handleError)} data-testid="import-template">
              {t('import.template')}
            </Button>
          </Space>
        }
      />
      <Steps
        current={step}
        style={{ marginBottom: 24 }}
        items={[{ title: t('import.step.upload') }, { title: t('import.step.check') }, { title: t('import.step.done') }]}
      />
      {step === 0 || (!check && !done) ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary">{t('import.intro')}</Typography.Paragraph>
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            maxCount={1}
            beforeUpload={(next) => {
              setFile(next);
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('import.drop')}</p>
            <p className="ant-upload-hint">{t('import.dropHint')}</p>
          </Upload.Dragger>
          <Button type="primary" disabled={!file} loading={busy} onClick={() => void run(true)} data-testid="import-check">
            {t('import.check')}
          </Button>
        </Space>
      ) : null}
      {result ? (
        <Space orientation="vertical" style={{ width: '100%' }} size={16}>
          {done ? (
            <Alert type="success" showIcon title={t('import.doneText')} />
          ) : (
            <Alert type={check && check.problems.length ? 'warning' : 'info'} showIcon title={check && check.problems.length ? t('import.problemsText', { count: check.problems.length }) : t('import.cleanText')} />
          )}
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Counts title={t('import.customers')} counts={result.customers} dryRun={result.dryRun} />
            </Col>
            <Col xs={24} lg={12}>
              <Counts title={t('import.assets')} counts={result.assets} dryRun={result.dryRun} />
            </Col>
          </Row>
          {result.problems.length ? (
            <Table<ImportProblem>
              size="small"
              rowKey={(row) => `${row.sheet}-${row.row}-${row.column}-${row.message}`}
              dataSource={result.problems}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                { title: t('import.sheet'), dataIndex: 'sheet', key: 'sheet', filters: [...new Set(result.problems.map((row) => row.sheet))].map((value) => ({ text: value, value })), onFilter: (value, row) => row.sheet === value },
                { title: t('import.row'), dataIndex: 'row', key: 'row', sorter: (a, b) => a.row - b.row },
                { title: t('import.column'), dataIndex: 'column', key: 'column' },
                { title: t('import.problem'), dataIndex: 'message', key: 'message' },
              ]}
            />
          ) : null}
          <Space>
            {!done ? (
              <Button type="primary" disabled={!canImport} loading={busy} onClick={() => void run(false)} data-testid="import-run">
                {t('import.run')}
              </Button>
            ) : (
              <Button type="primary" onClick={() => navigate('/customers')}>
                {t('import.toCustomers')}
              </Button>
            )}
            <Button onClick={reset}>{t('import.again')}</Button>
          </Space>
        </Space>
      ) : null}
    </Card>
  );
}

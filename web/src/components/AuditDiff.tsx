import { Table, Typography } from 'antd';
import { useT } from '../i18n';

type Row = { field: string; before: unknown; after: unknown; changed: boolean };

/** The fields of a before/after pair, changed fields first. */
export function diffRows(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Row[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const rows: Row[] = [];
  for (const field of keys) {
    const a = before ? before[field] : undefined;
    const b = after ? after[field] : undefined;
    rows.push({ field, before: a, after: b, changed: JSON.stringify(a) !== JSON.stringify(b) });
  }
  return rows.sort((x, y) => Number(y.changed) - Number(x.changed) || x.field.localeCompare(y.field));
}

function show(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Before/after of one audit entry, with the changed fields highlighted. */
export function AuditDiff({ before, after }: { before: Record<string, unknown> | null; after: Record<string, unknown> | null }) {
  const t = useT();
  const rows = diffRows(before, after);
  if (rows.length === 0) return <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>;
  return (
    <Table<Row>
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={rows}
      rowClassName={(row) => (row.changed ? 'audit-changed' : '')}
      columns={[
        { title: t('audit.field'), dataIndex: 'field', width: 180, render: (field: string, row) => (row.changed ? <strong>{field}</strong> : field) },
        {
          title: t('audit.before'),
          dataIndex: 'before',
          render: (value: unknown, row) => (
            <Typography.Text delete={row.changed && value !== undefined} type={row.changed ? 'danger' : undefined} style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
              {show(value)}
            </Typography.Text>
          ),
        },
        {
          title: t('audit.after'),
          dataIndex: 'after',
          render: (value: unknown, row) => (
            <Typography.Text type={row.changed ? 'success' : undefined} style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
              {show(value)}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}

import type { ReactNode } from 'react';
import { Space } from 'antd';
import { PageHeader } from './PageHeader';

/** The heading of one record's page (ticket, work order): its number, then its status and other tags; `extra` on the right. */
export function RecordHeader({ number, numberTestId, tags, extra }: { number: string; numberTestId: string; tags: ReactNode; extra?: ReactNode }) {
  return (
    <PageHeader
      title={
        <Space wrap size={12}>
          <span data-testid={numberTestId}>{number}</span>
          {tags}
        </Space>
      }
      extra={extra}
    />
  );
}

import type { ReactNode } from 'react';
import { Flex, Typography, theme } from 'antd';

/** A plain list of rows with separators (antd's List is deprecated in v6). */
export function RowList<T>({ items, render, actions, empty, rowKey }: { items: readonly T[]; render: (item: T) => ReactNode; actions?: (item: T) => ReactNode; empty?: ReactNode; rowKey: (item: T) => string }) {
  const { token } = theme.useToken();
  if (items.length === 0) return <Typography.Text type="secondary">{empty ?? '—'}</Typography.Text>;
  return (
    <div>
      {items.map((item, index) => (
        <Flex
          key={rowKey(item)}
          justify="space-between"
          align="center"
          gap={8}
          wrap
          style={{ padding: '8px 0', borderTop: index ? `1px solid ${token.colorSplit}` : undefined }}
        >
          <div style={{ minWidth: 0 }}>{render(item)}</div>
          {actions ? <div>{actions(item)}</div> : null}
        </Flex>
      ))}
    </div>
  );
}

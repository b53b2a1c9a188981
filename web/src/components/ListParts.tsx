import { Button, Form, Space, Table, type TableProps } from 'antd';
import { useT } from '../i18n';

/** The 查询 / 重置 buttons at the end of a list page's search form. */
export function SearchButtons({ onReset }: { onReset: () => void }) {
  const t = useT();
  return (
    <Form.Item>
      <Space>
        <Button type="primary" htmlType="submit">
          {t('common.search')}
        </Button>
        <Button onClick={onReset}>{t('common.reset')}</Button>
      </Space>
    </Form.Item>
  );
}

/** A list page's table: rows keyed by id, scrolling sideways on narrow screens, middle size. */
export function ListTable<T extends { id: string }>(props: TableProps<T>) {
  return <Table<T> rowKey="id" scroll={{ x: 'max-content' }} size="middle" {...props} />;
}

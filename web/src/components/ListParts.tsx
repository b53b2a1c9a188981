import type { ReactNode } from 'react';
import { Button, Form, Input, Select, Space, Table, Typography, type FormInstance, type SelectProps, type TableColumnType, type TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useT, type TFunction } from '../i18n';

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

/** A long text in a table cell kept to one line of at most `maxWidth` px, the whole text in a tooltip. */
export function OneLineText({ text, maxWidth }: { text: string; maxWidth: number }) {
  return (
    <Typography.Text ellipsis={{ tooltip: text }} style={{ maxWidth }}>
      {text}
    </Typography.Text>
  );
}

/** A list page's table: rows keyed by id, scrolling sideways on narrow screens, middle size. */
export function ListTable<T extends { id: string }>(props: TableProps<T>) {
  return <Table<T> rowKey="id" scroll={{ x: 'max-content' }} size="middle" {...props} />;
}

/**
 * A list page's inline search form: the filter fields, 查询 / 重置 (reset clears the form, then
 * `onReset`), and an optional 新建 button after them.
 */
export function SearchForm<V extends object>({
  form,
  name,
  onSearch,
  onReset,
  create,
  initialValues,
  children,
}: {
  form: FormInstance<V>;
  name: string;
  onSearch: (values: V) => void;
  onReset: () => void;
  create?: { label: string; onClick: () => void } | null;
  /** The form's starting values (e.g. a filter taken from the URL); 重置 goes back to them. */
  initialValues?: Partial<V>;
  children: ReactNode;
}) {
  return (
    <Form form={form} layout="inline" initialValues={initialValues} onFinish={onSearch} style={{ marginBottom: 16, rowGap: 8 }} name={name}>
      {children}
      <SearchButtons
        onReset={() => {
          form.resetFields();
          onReset();
        }}
      />
      {create ? (
        <Form.Item>
          <Button type="primary" icon={<PlusOutlined />} onClick={create.onClick}>
            {create.label}
          </Button>
        </Form.Item>
      ) : null}
    </Form>
  );
}

/** A free-text filter of a search form. */
export function FilterInput({ name, placeholder, width, ...rest }: { name: string; placeholder: string; width: number; 'data-testid'?: string }) {
  return (
    <Form.Item name={name}>
      <Input placeholder={placeholder} allowClear style={{ width }} {...rest} />
    </Form.Item>
  );
}

/** A clearable select filter of a search form. */
export function FilterSelect({ name, placeholder, width, options, ...rest }: { name: string; placeholder: string; width: number; options: SelectProps['options'] } & Omit<SelectProps, 'placeholder' | 'options' | 'style'> & { 'data-testid'?: string }) {
  return (
    <Form.Item name={name}>
      <Select placeholder={placeholder} allowClear style={{ width }} options={options} {...rest} />
    </Form.Item>
  );
}

/**
 * The 操作 column with one 编辑 link per row; `extra` adds more actions after it (e.g. a 操作 ▾
 * dropdown), `fixed` pins the column to a side.
 */
export function editColumn<T>(t: TFunction, onEdit: (row: T) => void, options: { extra?: (row: T) => ReactNode; fixed?: TableColumnType<T>['fixed'] } = {}): TableColumnType<T> {
  const { extra, fixed } = options;
  return {
    title: t('common.actions'),
    key: 'actions',
    ...(fixed ? { fixed } : {}),
    render: (_, row) => {
      const edit = (
        <Button type="link" size="small" onClick={() => onEdit(row)}>
          {t('common.edit')}
        </Button>
      );
      return extra ? (
        <Space size={0}>
          {edit}
          {extra(row)}
        </Space>
      ) : (
        edit
      );
    },
  };
}

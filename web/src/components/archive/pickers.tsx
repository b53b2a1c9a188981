import { useEffect, useState } from 'react';
import { Select, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { archiveApi, type CustomerSummary, type ModelView } from '../../api/archive';
import { useT } from '../../i18n';

/** A text that follows `value` after `delay` ms of quiet (typing). */
export function useDebounced<T>(value: T, delay = 250): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

type PickerProps<T> = {
  value?: string | null;
  onChange?: (value: string | undefined, item: T | undefined) => void;
  /** The current item, shown before any search (edit forms). */
  initial?: { id: string; label: string } | null;
  exclude?: string;
  placeholder?: string;
  disabled?: boolean;
  /** False while the form around it is closed: no searches then. */
  active?: boolean;
  id?: string;
  'data-testid'?: string;
};

export function customerLabel(customer: Pick<CustomerSummary, 'name' | 'code'>): string {
  return `${customer.name}（${customer.code}）`;
}

/** Picks a customer by searching name, phone or code on the server. */
export function CustomerPicker({ value, onChange, initial, exclude, placeholder, disabled, active = true, id, ...rest }: PickerProps<CustomerSummary>) {
  const t = useT();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const query = useQuery({
    queryKey: ['customers', 'picker', q],
    queryFn: () => archiveApi.customers.list({ q: q || undefined, page: 1, pageSize: 20 }),
    enabled: !disabled && active,
  });
  const items = (query.data?.items ?? []).filter((item) => item.id !== exclude);
  const options = items.map((item) => ({
    value: item.id,
    label: customerLabel(item),
    title: [item.primaryPhone, item.defaultAddress].filter(Boolean).join(' · '),
  }));
  if (initial && !options.some((option) => option.value === initial.id)) options.unshift({ value: initial.id, label: initial.label, title: '' });
  return (
    <Select
      id={id}
      data-testid={rest['data-testid']}
      value={value ?? undefined}
      disabled={disabled}
      placeholder={placeholder ?? t('picker.customer')}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={query.isFetching}
      notFoundContent={query.isFetching ? t('common.loading') : t('picker.none')}
      allowClear
      virtual={false}
      options={options}
      optionRender={(option) => (
        <div>
          <div>{option.data.label}</div>
          {option.data.title ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {option.data.title}
            </Typography.Text>
          ) : null}
        </div>
      )}
      onChange={(next: string | undefined) => onChange?.(next, items.find((item) => item.id === next))}
    />
  );
}

export function modelLabel(model: Pick<ModelView, 'brand' | 'name' | 'modelCode'>): string {
  return `${model.brand} ${model.name}（${model.modelCode}）`;
}

/** Picks a product model by brand, name or model code. */
export function ModelPicker({ value, onChange, initial, placeholder, disabled, active = true, id, ...rest }: PickerProps<ModelView>) {
  const t = useT();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const query = useQuery({
    queryKey: ['product-models', 'picker', q],
    queryFn: () => archiveApi.products.models({ q: q || undefined }),
    enabled: !disabled && active,
  });
  const items = (query.data?.items ?? []).slice(0, 50);
  const options = items.map((item) => ({ value: item.id, label: modelLabel(item), title: item.categoryName, disabled: item.isDiscontinued && item.id !== value }));
  if (initial && !options.some((option) => option.value === initial.id)) options.unshift({ value: initial.id, label: initial.label, title: '', disabled: false });
  return (
    <Select
      id={id}
      data-testid={rest['data-testid']}
      value={value ?? undefined}
      disabled={disabled}
      placeholder={placeholder ?? t('picker.model')}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={query.isFetching}
      notFoundContent={query.isFetching ? t('common.loading') : t('picker.none')}
      allowClear
      virtual={false}
      options={options}
      onChange={(next: string | undefined) => onChange?.(next, items.find((item) => item.id === next))}
    />
  );
}

import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TablePaginationConfig } from 'antd';
import type { Page } from '../api/types';
import { useT } from '../i18n';

/**
 * Server-side paging for a list page: filters from the search form plus page/pageSize,
 * the query, and the antd pagination props.
 */
export function usePagedQuery<T, F extends object>(
  key: string,
  fetcher: (query: F & { page: number; pageSize: number }) => Promise<Page<T>>,
  initialFilters: F,
  enabled = true,
) {
  const t = useT();
  const [filters, setFiltersState] = useState<F>(initialFilters);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const params = { ...filters, ...paging };
  const query = useQuery({
    queryKey: [key, 'list', params],
    queryFn: () => fetcher(params),
    placeholderData: keepPreviousData,
    enabled,
  });

  const pagination: TablePaginationConfig = {
    current: paging.page,
    pageSize: paging.pageSize,
    total: query.data?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (total) => t('common.total', { total }),
    onChange: (page, pageSize) => setPaging({ page: pageSize === paging.pageSize ? page : 1, pageSize }),
  };

  const setFilters = (next: F) => {
    setFiltersState(next);
    setPaging((current) => ({ ...current, page: 1 }));
  };

  return { query, filters, setFilters, pagination, items: query.data?.items ?? [] };
}

/** Drops empty strings and undefined values from search-form values. */
export function cleanFilters<F extends object>(values: F): F {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' && value.trim() === '') continue;
    out[key] = typeof value === 'string' ? value.trim() : value;
  }
  return out as F;
}

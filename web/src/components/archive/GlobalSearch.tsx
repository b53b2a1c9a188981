import { useMemo, useState, type CSSProperties } from 'react';
import { AutoComplete, Button, Flex, Modal, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { archiveApi, type SearchHit } from '../../api/archive';
import { useT, type TFunction } from '../../i18n';
import { useDebounced } from './pickers';

/** Whether a search text is long enough: 2 characters, or 1 Chinese character. */
export function searchable(text: string): boolean {
  const value = text.trim();
  return value.length >= 2 || /[^\x00-\x7f]/.test(value);
}

/**
 * Search hits as AutoComplete option groups (customers, then assets); an option's value is
 * `type:id`, its label carries `data-testid="<testIdPrefix>-<type>"`.
 */
export function searchHitGroups(hits: SearchHit[], t: TFunction, testIdPrefix: string) {
  const render = (hit: SearchHit) => ({
    value: `${hit.type}:${hit.id}`,
    label: (
      <div data-testid={`${testIdPrefix}-${hit.type}`}>
        <div>{hit.title}</div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {hit.subtitle}
        </Typography.Text>
      </div>
    ),
  });
  const customers = hits.filter((hit) => hit.type === 'customer');
  const assets = hits.filter((hit) => hit.type === 'asset');
  const groups = [];
  if (customers.length) groups.push({ label: t('search.group.customers'), options: customers.map(render) });
  if (assets.length) groups.push({ label: t('search.group.assets'), options: assets.map(render) });
  return groups;
}

/**
 * The header search box: customers and assets while typing, Enter or click opens the hit.
 * `compact` (phones): a search button that opens the box in a dialog.
 */
export function GlobalSearch({ width = 280, style, compact = false }: { width?: number; style?: CSSProperties; compact?: boolean }) {
  const t = useT();
  const [dialog, setDialog] = useState(false);
  if (compact)
    return (
      <>
        <Button type="text" icon={<SearchOutlined />} onClick={() => setDialog(true)} aria-label={t('search.placeholder')} style={style} />
        <Modal open={dialog} onCancel={() => setDialog(false)} footer={null} closable={false} destroyOnHidden style={{ top: 12 }} width="calc(100vw - 24px)">
          <SearchBox width="100%" autoFocus onOpened={() => setDialog(false)} />
        </Modal>
      </>
    );
  return <SearchBox width={width} style={style} />;
}

function SearchBox({ width, style, autoFocus, onOpened }: { width: number | string; style?: CSSProperties; autoFocus?: boolean; onOpened?: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const query = useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => archiveApi.search(q, 12, signal),
    enabled: searchable(q),
    staleTime: 5_000,
  });
  const hits = searchable(q) ? (query.data?.items ?? []) : [];

  const options = useMemo(() => searchHitGroups(hits, t, 'search-hit'), [hits, t]);

  const open = (value: string) => {
    const [type, id] = value.split(':');
    setText('');
    onOpened?.();
    navigate(type === 'asset' ? `/assets/${id}` : `/customers/${id}`);
  };

  return (
    <AutoComplete
      value={text}
      options={options}
      onSearch={setText}
      onChange={(value: string) => {
        if (!value.includes(':')) setText(value);
      }}
      onSelect={(value: string) => open(value)}
      style={{ width, ...style }}
      popupMatchSelectWidth={typeof width === 'number' ? Math.max(width, 360) : true}
      defaultActiveFirstOption
      virtual={false}
      notFoundContent={
        searchable(q) && query.isSuccess && hits.length === 0 ? <Flex justify="center">{t('search.noHits')}</Flex> : null
      }
      data-testid="global-search"
      prefix={<SearchOutlined />}
      placeholder={t('search.placeholder')}
      allowClear
      autoFocus={autoFocus}
      aria-label={t('search.placeholder')}
    />
  );
}

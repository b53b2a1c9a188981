import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { WarrantyCheck } from '../../api/archive';
import { I18nProvider, type Locale } from '../../i18n';
import { makeMe, mockFetch, renderApp } from '../../test-utils';
import { fenToYuan, formatFen, yuanToFen } from './money';
import { WarrantyTag } from './WarrantyTag';
import { searchable } from './GlobalSearch';
import { regionText } from './RegionCascader';
import { shanghaiToday } from '../../time';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('money (fen ↔ yuan)', () => {
  it('shows fen as yuan with two decimals and grouping', () => {
    expect(formatFen(500_000_000)).toBe('¥5,000,000.00');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(123_456)).toBe('¥1,234.56');
    expect(formatFen(-1_050)).toBe('-¥10.50');
    expect(formatFen(null)).toBe('—');
  });

  it('turns typed yuan into integer fen without float drift', () => {
    expect(yuanToFen('5,000,000.00')).toBe(500_000_000);
    expect(yuanToFen('¥1234.5')).toBe(123_450);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen(19.99)).toBe(1_999);
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen(1_000_000)).toBe(100_000_000);
    expect(yuanToFen('-3')).toBe(-300);
    expect(yuanToFen('1.234')).toBeNull();
    expect(yuanToFen('abc')).toBeNull();
    expect(yuanToFen('')).toBeNull();
    expect(yuanToFen(null)).toBeNull();
    expect(fenToYuan(123_456)).toBe(1234.56);
    for (const fen of [0, 1, 99, 100, 1_999, 123_456_789]) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });
});

describe('small archive helpers', () => {
  it('decides when the search box asks the server', () => {
    expect(searchable('1')).toBe(false);
    expect(searchable('12')).toBe(true);
    expect(searchable('张')).toBe(true);
    expect(searchable('  ')).toBe(false);
  });

  it('labels a region triple and gives the Shanghai day', () => {
    expect(regionText(['310000', '310100', '310115'])).toBe('上海市浦东新区');
    expect(regionText(['310000'])).toBe('');
    expect(shanghaiToday(new Date('2024-05-01T17:00:00Z'))).toBe('2024-05-02');
  });
});

const warranty = (overrides: Partial<WarrantyCheck> = {}): WarrantyCheck => ({
  state: 'in_warranty',
  startDate: '2024-05-01',
  endDate: '2027-04-30',
  extendedEnd: null,
  isOverridden: false,
  coversParts: true,
  coversLabour: true,
  coversOnSite: true,
  basis: { zh: '按品类“空调”保修 36 个月，自购买日 2024-05-01 起', en: 'Category “Air conditioners”: 36 months from purchase on 2024-05-01' },
  ...overrides,
});

function renderTag(value: WarrantyCheck, locale: Locale) {
  return render(
    <I18nProvider initialLocale={locale}>
      <WarrantyTag warranty={value} showBasis showEnd />
    </I18nProvider>,
  );
}

describe('WarrantyTag', () => {
  it('shows the state in colour with the basis in Chinese', () => {
    renderTag(warranty(), 'zh-CN');
    const tag = screen.getByTestId('warranty-tag');
    expect(tag.textContent).toBe('在保');
    expect(tag.className).toContain('green');
    expect(screen.getByTestId('warranty-basis').textContent).toBe('按品类“空调”保修 36 个月，自购买日 2024-05-01 起');
    expect(screen.getByText('至 2027-04-30')).toBeTruthy();
  });

  it('uses the English basis and colours each state', () => {
    renderTag(warranty({ state: 'out_of_warranty', isOverridden: true }), 'en');
    const tag = screen.getByTestId('warranty-tag');
    expect(tag.textContent).toBe('Out of warranty · Overridden');
    expect(tag.className).toContain('red');
    expect(screen.getByTestId('warranty-basis').textContent).toContain('Category “Air conditioners”');
  });

  it('shows extended and unknown states', () => {
    const { unmount } = renderTag(warranty({ state: 'extended', extendedEnd: '2029-04-30' }), 'zh-CN');
    expect(screen.getByTestId('warranty-tag').textContent).toBe('延保');
    expect(screen.getByTestId('warranty-tag').className).toContain('blue');
    expect(screen.getByText('至 2029-04-30')).toBeTruthy();
    unmount();
    renderTag(warranty({ state: 'unknown', startDate: null, endDate: null, basis: { zh: '没有购买日期', en: 'No purchase date' } }), 'zh-CN');
    expect(screen.getByTestId('warranty-tag').textContent).toBe('未知');
    expect(screen.getByText('没有购买日期')).toBeTruthy();
  });
});

const ARCHIVE_PERMISSIONS = ['customers.read', 'customers.write', 'assets.read', 'assets.write', 'products.read'] as const;
const CUSTOMER_ID = '00000000-0000-4000-8000-00000000c001';
const ASSET_ID = '00000000-0000-4000-8000-00000000a001';

describe('global search box', () => {
  it('searches while typing, groups customers and assets and opens a hit', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ permissions: [...ARCHIVE_PERMISSIONS] }) };
      if (call.path.startsWith('/api/search'))
        return {
          body: {
            items: [
              { type: 'customer', id: CUSTOMER_ID, title: '王建国', subtitle: 'C000001 · 138****1234', customerId: CUSTOMER_ID, score: 0.9 },
              { type: 'asset', id: ASSET_ID, title: 'SN1234XYZ', subtitle: '格力 KFR-35GW · 王建国', customerId: CUSTOMER_ID, score: 0.5 },
            ],
          },
        };
      return undefined;
    });
    renderApp('/');
    const box = await screen.findByLabelText('搜索客户、电话、序列号');
    fireEvent.change(box, { target: { value: '1' } });
    fireEvent.change(box, { target: { value: '1234' } });
    const hit = await screen.findByText('王建国');
    // one request after the typing settled (debounced), none for the single digit
    expect(calls.filter((call) => call.path.startsWith('/api/search')).map((call) => call.path)).toEqual(['/api/search?q=1234&limit=12']);
    const groups = [...document.querySelectorAll('.ant-select-item-group')].map((node) => node.textContent);
    expect(groups).toEqual(['客户', '设备']);
    expect(screen.getByText('C000001 · 138****1234')).toBeTruthy();
    expect(within(screen.getByTestId('search-hit-asset')).getByText('SN1234XYZ')).toBeTruthy();

    fireEvent.click(hit);
    await waitFor(() => expect(calls.some((call) => call.path === `/api/customers/${CUSTOMER_ID}`)).toBe(true));
  });

  it('is not shown without customers.read', async () => {
    mockFetch((call) => (call.path === '/api/auth/me' ? { body: makeMe() } : undefined));
    renderApp('/');
    await screen.findByText(/欢迎，/);
    expect(screen.queryByLabelText('搜索客户、电话、序列号')).toBeNull();
  });
});

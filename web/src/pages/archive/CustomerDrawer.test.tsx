import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { CustomerDetail, CustomerSummary } from '../../api/archive';
import { emptyPage, makeMe, mockFetch, renderApp } from '../../test-utils';
import { customerBody, mapCustomerError } from './CustomerDrawer';
import { ApiError } from '../../api/client';

afterEach(() => {
  vi.unstubAllGlobals();
});

const EXISTING: CustomerSummary = {
  id: '00000000-0000-4000-8000-00000000c0aa',
  code: 'C000007',
  kind: 'person',
  name: '王建国',
  primaryPhone: '13812341234',
  phonesMasked: false,
  defaultAddress: '上海市浦东新区世纪大道 100 号',
  isKey: false,
  tags: [],
  assetCount: 2,
  createdAt: '2024-05-01T00:00:00.000Z',
};

const CREATED: CustomerDetail = {
  ...EXISTING,
  id: '00000000-0000-4000-8000-00000000c0bb',
  code: 'C000008',
  name: '王建国（新）',
  assetCount: 0,
  phones: [{ id: '00000000-0000-4000-8000-0000000000p1', phone: '13812341234', isMasked: false, label: 'mobile', isPrimary: true }],
  addresses: [],
  contacts: [],
  notes: null,
  keySource: null,
  keyReason: null,
  revenues: [],
  updatedAt: '2024-05-01T00:00:00.000Z',
};

const duplicate = {
  status: 409,
  body: {
    error: {
      code: 'conflict',
      message: 'This phone number belongs to 王建国 (C000007)',
      details: [{ path: ['phones', 0, 'phone'], message: 'duplicate_phone', code: 'duplicate_phone' }],
    },
  },
};

describe('customer form', () => {
  it('maps a 409 duplicate_phone onto the phone field, offers the existing customer and can create anyway', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ permissions: ['customers.read', 'customers.write', 'assets.read'] }) };
      if (call.path.startsWith('/api/customers/phone-matches')) return { body: { items: [EXISTING] } };
      if (call.method === 'POST' && call.path === '/api/customers')
        return (call.body as { allowDuplicatePhone?: boolean }).allowDuplicatePhone ? { status: 201, body: CREATED } : duplicate;
      if (call.path === `/api/customers/${CREATED.id}`) return { body: CREATED };
      if (call.path.startsWith('/api/customers') || call.path.startsWith('/api/assets')) return { body: emptyPage };
      return undefined;
    });
    renderApp('/customers');
    fireEvent.click(await screen.findByRole('button', { name: /新建客户/ }));
    fireEvent.change(document.querySelector('#customer-form_name')!, { target: { value: '王建国（新）' } });
    fireEvent.change(screen.getByTestId('phone-0'), { target: { value: '138 1234 1234' } });
    fireEvent.click(screen.getByTestId('customer-save'));

    // the phone field says why, the warning names the existing customer
    expect(await screen.findByText('该号码已属于其他客户')).toBeTruthy();
    const warning = await screen.findByTestId('duplicate-warning');
    expect(within(warning).getByText(/王建国（C000007）/)).toBeTruthy();
    expect(within(warning).getByText(/号码 13812341234 已登记/)).toBeTruthy();
    expect(within(warning).getByRole('button', { name: '打开已有客户' })).toBeTruthy();
    expect(calls.some((call) => call.path === '/api/customers/phone-matches?phone=13812341234')).toBe(true);
    const first = calls.find((call) => call.method === 'POST');
    expect(first?.body).toEqual({
      kind: 'person',
      name: '王建国（新）',
      phones: [{ phone: '138 1234 1234', label: 'mobile', isPrimary: true }],
      addresses: [],
      contacts: [],
      tags: [],
      notes: null,
    });

    fireEvent.click(within(warning).getByTestId('create-anyway'));
    await waitFor(() => expect(calls.filter((call) => call.method === 'POST')).toHaveLength(2));
    expect(calls.filter((call) => call.method === 'POST')[1].body).toMatchObject({ allowDuplicatePhone: true, name: '王建国（新）' });
    // goes to the new customer
    await waitFor(() => expect(calls.some((call) => call.path === `/api/customers/${CREATED.id}`)).toBe(true));
  });

  it('warns early when the phone field is left with a known number', async () => {
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ permissions: ['customers.read', 'customers.write'] }) };
      if (call.path.startsWith('/api/customers/phone-matches')) return { body: { items: [EXISTING] } };
      if (call.path.startsWith('/api/customers')) return { body: emptyPage };
      return undefined;
    });
    renderApp('/customers');
    fireEvent.click(await screen.findByRole('button', { name: /新建客户/ }));
    const phone = screen.getByTestId('phone-0');
    fireEvent.change(phone, { target: { value: '13812341234' } });
    fireEvent.blur(phone);
    const warning = await screen.findByTestId('duplicate-warning');
    expect(within(warning).getByText(/王建国（C000007）/)).toBeTruthy();
    // before saving there is nothing to "create anyway"
    expect(within(warning).queryByTestId('create-anyway')).toBeNull();
  });

  it('turns form values into the API body and address code errors into cascader errors', () => {
    const body = customerBody({
      kind: 'organisation',
      name: ' 上海某某物业 ',
      phones: [{ phone: '021-58881234', label: 'work' }, { phone: '' }],
      addresses: [{ region: ['310000', '310100', '310115'], detail: ' 世纪大道 100 号 ', label: '' }],
      contacts: [{ name: '李经理', title: '', phone: '13900001111', email: '' }],
      tags: ['物业'],
      notes: '',
    });
    expect(body).toEqual({
      kind: 'organisation',
      name: '上海某某物业',
      phones: [{ phone: '021-58881234', label: 'work', isPrimary: true }],
      addresses: [{ provinceCode: '310000', cityCode: '310100', districtCode: '310115', detail: '世纪大道 100 号', isDefault: true }],
      contacts: [{ name: '李经理', title: null, phone: '13900001111', email: null }],
      tags: ['物业'],
      notes: null,
    });
    const mapped = mapCustomerError(
      new ApiError(400, 'validation_error', 'bad', [{ path: ['body', 'addresses', 0, 'districtCode'], message: 'unknown division code' }]),
      'dup',
    ) as ApiError;
    expect(mapped.details[0].path).toEqual(['addresses', 0, 'region']);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { CustomerDetail, ModelView } from '../../api/archive';
import { emptyPage, makeMe, mockFetch, renderApp, type Reply } from '../../test-utils';

afterEach(() => {
  vi.unstubAllGlobals();
});

const CUSTOMER: CustomerDetail = {
  id: '00000000-0000-4000-8000-00000000c0aa',
  code: 'KH00000001',
  kind: 'person',
  name: '张明远',
  primaryPhone: '13912345678',
  phonesMasked: false,
  defaultAddress: '上海市浦东新区世纪大道 100 号 8 楼',
  isKey: false,
  tags: [],
  assetCount: 0,
  createdAt: '2026-11-20T02:00:00.000Z',
  phones: [{ id: '00000000-0000-4000-8000-0000000000a1', phone: '13912345678', isMasked: false, label: 'mobile', isPrimary: true }],
  addresses: [
    {
      id: '00000000-0000-4000-8000-0000000000b1',
      label: null,
      provinceCode: '310000',
      cityCode: '310100',
      districtCode: '310115',
      regionLabel: '上海市浦东新区',
      detail: '世纪大道 100 号 8 楼',
      fullAddress: '上海市浦东新区世纪大道 100 号 8 楼',
      latitude: null,
      longitude: null,
      isDefault: true,
    },
  ],
  contacts: [],
  notes: null,
  keySource: null,
  keyReason: null,
  revenues: [],
  updatedAt: '2026-11-20T02:00:00.000Z',
};

const MODEL: ModelView = {
  id: '00000000-0000-4000-8000-0000000000d1',
  categoryId: '00000000-0000-4000-8000-0000000000e1',
  categoryName: '家用空调',
  brand: '格力',
  modelCode: 'KFR-35GW',
  name: '云佳 1.5 匹挂机',
  specs: {},
  isDiscontinued: false,
  assetCount: 0,
};

/** Answers of the customer page and the drawer; `assets` is the page's own asset list. */
function mockCustomerPage(assets: Reply | Promise<Reply> = { body: emptyPage }) {
  return mockFetch((call) => {
    if (call.path === '/api/auth/me') return { body: makeMe({ permissions: ['customers.read', 'customers.write', 'assets.read', 'assets.write', 'products.read'] }) };
    if (call.path === `/api/customers/${CUSTOMER.id}`) return { body: CUSTOMER };
    if (call.method === 'GET' && call.path.startsWith('/api/assets?customerId=')) return assets;
    if (call.path.startsWith('/api/product-models')) return { body: { items: [MODEL] } };
    if (call.path.startsWith('/api/tickets?')) return { body: emptyPage };
    if (call.method === 'POST' && call.path === '/api/assets') return { status: 400, body: { error: { code: 'validation_error', message: 'stop here', details: [] } } };
    return undefined;
  });
}

/** Opens the 型号 list and returns the option of MODEL. */
function openModelOption(): Promise<Element> {
  return waitFor(() => {
    fireEvent.mouseDown(within(screen.getByTestId('asset-model')).getByRole('combobox'));
    const found = [...document.querySelectorAll('.ant-select-item-option')].find((node) => node.textContent?.includes('KFR-35GW'));
    if (!found) throw new Error('no model option yet');
    return found;
  });
}

describe('asset drawer', () => {
  it('opens the model list inside the drawer next to its field, not in the page body behind it', async () => {
    mockCustomerPage();
    renderApp(`/customers/${CUSTOMER.id}`);
    fireEvent.click(await screen.findByTestId('register-asset'));
    const option = await openModelOption();
    // a list in document.body would be carried away from its field by a scroll of the page behind the drawer
    expect(option.closest('.ant-drawer-body')?.contains(screen.getByTestId('asset-model'))).toBe(true);
  });

  it('keeps the chosen model and serial when the customer page re-renders behind the open drawer (its asset list arrives late)', async () => {
    // The customer page's own asset list answers only after the model was picked: the page
    // re-renders with a new `customer` prop object for the drawer, which must not reset the form.
    let releaseAssets: (reply: Reply) => void = () => {};
    const lateAssets = new Promise<Reply>((resolve) => (releaseAssets = resolve));
    const calls = mockCustomerPage(lateAssets);
    renderApp(`/customers/${CUSTOMER.id}`);
    fireEvent.click(await screen.findByTestId('register-asset'));
    // the install address comes from the customer's default address
    await waitFor(() => expect((document.querySelector('#asset-form_installDetail') as HTMLInputElement).value).toBe('世纪大道 100 号 8 楼'));

    fireEvent.click(await openModelOption());
    fireEvent.change(document.querySelector('#asset-form_serialNumber')!, { target: { value: 'sn-0001' } });

    await act(async () => {
      releaseAssets({ body: emptyPage });
      await new Promise((resolve) => setTimeout(resolve, 50)); // the page re-renders with its (empty) asset list
    });

    fireEvent.click(screen.getByTestId('asset-save'));
    await waitFor(() => expect(calls.some((call) => call.method === 'POST' && call.path === '/api/assets')).toBe(true));
    expect(screen.queryByText('请选择型号')).toBeNull();
    expect(calls.find((call) => call.method === 'POST' && call.path === '/api/assets')?.body).toMatchObject({
      customerId: CUSTOMER.id,
      modelId: MODEL.id,
      serialNumber: 'SN-0001',
      installAddress: { provinceCode: '310000', cityCode: '310100', districtCode: '310115', detail: '世纪大道 100 号 8 楼' },
    });
  });
});

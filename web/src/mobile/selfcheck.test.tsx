import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { QueryClient } from '@tanstack/react-query';
import { AppProviders } from '../App';
import { makeMe, makeWorkOrderDetail, mockFetch, TECHNICIAN, type Call, type Reply } from '../test-utils';
import type { WorkOrderDetail } from '../api/field';
import type { ChecklistView, FieldSelfCheck, LedgerEntryView } from '../api/quality';
import MobileRoutes from './MobileApp';
import { buildSelfCheckBody, errorsByItem, parseMeasure, rangeText } from './selfCheckLogic';
import { ApiError } from '../api/client';

const ORDER_ID = '22222222-2222-4222-8222-222222222222';
const PHOTO_ID = '55555555-5555-4555-8555-555555555555';
const ME = makeMe({ ...TECHNICIAN, permissions: ['workorders.read', 'workorders.field', 'quality.ledger.read'] });

const CHECKLIST: ChecklistView = {
  id: '66666666-6666-4666-8666-666666666666',
  name: '空调维修自检',
  workType: 'repair',
  categoryId: null,
  items: [
    { code: 'drain', label: '排水通畅', kind: 'yes_no', unit: null, min: null, max: null, isRequired: true, isPhotoRequired: false },
    { code: 'outlet_temp', label: '制冷出风温度', kind: 'measure', unit: '℃', min: null, max: 12, isRequired: true, isPhotoRequired: false },
    { code: 'label_photo', label: '铭牌照片', kind: 'yes_no', unit: null, min: null, max: null, isRequired: false, isPhotoRequired: true },
  ],
  isActive: true,
  version: 1,
  updatedAt: '2025-05-01T02:00:00.000Z',
};

function order(overrides: Partial<WorkOrderDetail> = {}): WorkOrderDetail {
  return makeWorkOrderDetail({ id: ORDER_ID, number: 'WO20250502-0001', status: 'in_progress', photos: [{ id: PHOTO_ID, contentType: 'image/jpeg', caption: null, createdAt: '2025-05-02T02:00:00.000Z' }], ...overrides });
}

function savedCheck(isPassed: boolean, failedItems: string[] = [], isStale = false): FieldSelfCheck['selfCheck'] {
  return {
    workOrderId: ORDER_ID,
    checklistId: CHECKLIST.id,
    checklistVersion: 1,
    answers: [
      { code: 'drain', label: '排水通畅', passed: true, value: null, photoId: null, isOk: true, isRequired: true },
      { code: 'outlet_temp', label: '制冷出风温度', passed: null, value: isPassed ? 10 : 15, photoId: null, isOk: isPassed, isRequired: true },
    ],
    isPassed,
    failedItems,
    isStale,
    submittedAt: '2025-05-02T03:00:00.000Z',
  };
}

function renderMobile(path: string, handler: (call: Call) => Reply | undefined) {
  const calls = mockFetch((call) => {
    if (call.path === '/api/auth/me') return { body: ME };
    if (call.path === '/api/technicians/me') return { status: 404, body: { error: { code: 'not_found', message: 'no' } } };
    return handler(call);
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <MemoryRouter initialEntries={[path]}>
      <AppProviders queryClient={queryClient} initialLocale="zh-CN">
        <MobileRoutes />
      </AppProviders>
    </MemoryRouter>,
  );
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  window.localStorage.clear();
});

describe('self-check helpers', () => {
  it('words the allowed range and reads typed numbers', () => {
    expect(rangeText({ min: null, max: 12, unit: '℃' })).toBe('≤ 12 ℃');
    expect(rangeText({ min: 200, max: 240, unit: 'V' })).toBe('200–240 V');
    expect(rangeText({ min: 0.5, max: null, unit: null })).toBe('≥ 0.5');
    expect(rangeText({ min: null, max: null, unit: null })).toBeNull();
    expect(parseMeasure(' 11,5 ')).toBe(11.5);
    expect(parseMeasure('')).toBeNull();
    expect(parseMeasure('12度')).toBeNaN();
  });

  it('sends only answered items in checklist order and maps the refusal back to the item', () => {
    const built = buildSelfCheckBody(CHECKLIST.items, { outlet_temp: { passed: null, value: '15', photoId: null }, drain: { passed: true, value: '', photoId: null } });
    expect(built.body).toEqual({ answers: [{ code: 'drain', passed: true }, { code: 'outlet_temp', value: 15 }] });
    expect(built.codes).toEqual(['drain', 'outlet_temp']);
    expect(buildSelfCheckBody(CHECKLIST.items, { outlet_temp: { passed: null, value: 'abc', photoId: null } }).badNumbers).toEqual(['outlet_temp']);
    const error = new ApiError(400, 'validation_error', 'bad', [{ path: ['answers', 1, 'value'], message: '制冷出风温度: enter the measured value' }, { path: ['selfCheck', 'drain'], message: '排水通畅 未通过' }]);
    expect(errorsByItem(error, built.codes)).toEqual({ outlet_temp: '制冷出风温度: enter the measured value', drain: '排水通畅 未通过' });
  });
});

describe('the self-check on the order page', () => {
  it('shows the items with range, required marks and photos, explains 完工, shows the refusal naming the item, then the failed items', async () => {
    let selfCheck: FieldSelfCheck['selfCheck'] = null;
    let refuse = true;
    const calls = renderMobile(`/m/orders/${ORDER_ID}`, (call) => {
      if (call.path === `/api/m/work-orders/${ORDER_ID}`) return { body: order() };
      if (call.path === `/api/m/work-orders/${ORDER_ID}/self-check` && call.method === 'GET') return { body: { checklist: CHECKLIST, selfCheck } };
      if (call.path === `/api/m/work-orders/${ORDER_ID}/self-check` && call.method === 'POST') {
        if (refuse) {
          refuse = false;
          return { status: 400, body: { error: { code: 'validation_error', message: 'The photo is not one of this order', details: [{ path: ['answers', 2, 'photoId'], message: 'not a photo of this order' }] } } };
        }
        selfCheck = savedCheck(false, ['outlet_temp']);
        return { body: { checklist: CHECKLIST, selfCheck } };
      }
      return undefined;
    });
    const section = await screen.findByTestId('m-selfcheck');
    expect(section.textContent).toContain('空调维修自检');
    expect(section.textContent).toContain('允许范围 ≤ 12 ℃');
    expect(within(screen.getByTestId('m-sc-item-drain')).getByLabelText('必检')).toBeTruthy();
    expect(within(screen.getByTestId('m-sc-item-label_photo')).queryByLabelText('必检')).toBeNull();
    expect(screen.getByTestId('m-sc-item-label_photo').textContent).toContain('需拍照');
    expect(screen.getByTestId('m-sc-gate').textContent).toBe('此单需先完成完工自检，才能点「完工」');
    // the gate sits right above the 完工 button
    expect(screen.getByTestId('m-step-complete')).toBeTruthy();

    fireEvent.click(within(screen.getByTestId('m-sc-yesno-drain')).getByText('是'));
    const value = screen.getByTestId('m-sc-value-outlet_temp').querySelector('input') as HTMLInputElement;
    fireEvent.change(value, { target: { value: '15' } });
    expect(screen.getByTestId('m-sc-item-outlet_temp').textContent).toContain('超出允许范围');
    fireEvent.click(within(screen.getByTestId('m-sc-yesno-label_photo')).getByText('是'));
    fireEvent.click(within(screen.getByTestId('m-sc-photo-label_photo')).getByText('照片 1'));

    fireEvent.click(screen.getByTestId('m-sc-submit'));
    expect((await screen.findByTestId('m-sc-error-label_photo')).textContent).toBe('not a photo of this order');
    expect(screen.getByTestId('m-sc-refused').textContent).toContain('The photo is not one of this order');
    const posts = calls.filter((call) => call.method === 'POST' && call.path.endsWith('/self-check'));
    expect(posts[0].body).toEqual({ answers: [{ code: 'drain', passed: true }, { code: 'outlet_temp', value: 15 }, { code: 'label_photo', passed: true, photoId: PHOTO_ID }] });
    expect(posts[0].headers['X-CSRF-Token']).toBe('csrf-test-token');

    fireEvent.click(screen.getByTestId('m-sc-submit'));
    await waitFor(() => expect(screen.getByTestId('m-sc-gate').textContent).toBe('自检未通过，无法完工：制冷出风温度。改正后重新提交自检'));
    expect(screen.queryByTestId('m-sc-error-label_photo')).toBeNull();
    // the saved answers stay in the form for correcting
    expect((screen.getByTestId('m-sc-value-outlet_temp').querySelector('input') as HTMLInputElement).value).toBe('15');
  });

  it('says when the self-check passed and completion may go ahead', async () => {
    const answer: FieldSelfCheck = { checklist: CHECKLIST, selfCheck: savedCheck(true) };
    renderMobile(`/m/orders/${ORDER_ID}`, (call) => {
      if (call.path === `/api/m/work-orders/${ORDER_ID}`) return { body: order() };
      if (call.path === `/api/m/work-orders/${ORDER_ID}/self-check`) return { body: answer };
      return undefined;
    });
    expect((await screen.findByTestId('m-sc-gate')).textContent).toBe('自检已通过（2025-05-02 11:00:00），可以完工');
  });

  it('asks for the self-check again after a failed inspection sent the order back', async () => {
    renderMobile(`/m/orders/${ORDER_ID}`, (call) => {
      if (call.path === `/api/m/work-orders/${ORDER_ID}`) return { body: order() };
      if (call.path === `/api/m/work-orders/${ORDER_ID}/self-check`) return { body: { checklist: CHECKLIST, selfCheck: savedCheck(true, [], true) } };
      return undefined;
    });
    expect((await screen.findByTestId('m-sc-gate')).textContent).toBe('终检退回返工：请重新自检后再完工');
    expect(screen.getByTestId('m-selfcheck').textContent).toContain('终检不合格已退回返工，请重新自检');
  });

  it('leaves the order page as it was when no checklist applies', async () => {
    renderMobile(`/m/orders/${ORDER_ID}`, (call) => {
      if (call.path === `/api/m/work-orders/${ORDER_ID}`) return { body: order() };
      if (call.path === `/api/m/work-orders/${ORDER_ID}/self-check`) return { body: { checklist: null, selfCheck: null } };
      return undefined;
    });
    await screen.findByTestId('m-step-complete');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByTestId('m-selfcheck')).toBeNull();
  });
});

describe('my rewards and penalties on the phone', () => {
  const ENTRY: LedgerEntryView = {
    id: '77777777-7777-4777-8777-777777777777',
    ruleCode: 'repeat_penalty',
    ruleName: '返修处罚',
    kind: 'penalty',
    trigger: 'repeat_repair',
    userId: ME.id,
    personName: '张师傅',
    technicianId: null,
    outletId: null,
    outletName: null,
    baseAmountFen: 10000,
    multiplier: 2,
    amountFen: 20000,
    points: 5,
    reason: '返修：上次 2025-04-01 张师傅 更换电容',
    sourceType: 'repeat_repair',
    sourceId: null,
    status: 'proposed',
    proposedBy: null,
    proposedAt: '2025-05-02T03:00:00.000Z',
    decidedBy: null,
    decidedAt: null,
    decisionReason: null,
    appealText: null,
    appealedAt: null,
    version: 1,
  };

  it('lists my entries from the header link and appeals a proposed one once', async () => {
    let entry = ENTRY;
    const calls = renderMobile('/m', (call) => {
      if (call.path.startsWith('/api/m/work-orders?')) return { body: { items: [] } };
      if (call.path.startsWith('/api/m/ledger?')) return { body: { items: [entry], total: 1, page: 1, pageSize: 100 } };
      if (call.path === `/api/quality/ledger/${ENTRY.id}/appeal`) {
        entry = { ...ENTRY, appealText: (call.body as { text: string }).text, appealedAt: '2025-05-02T04:00:00.000Z' };
        return { body: entry };
      }
      return undefined;
    });
    fireEvent.click(await screen.findByTestId('m-ledger-link'));
    const card = await screen.findByTestId('m-ledger-entry');
    expect(card.textContent).toContain('处罚');
    expect(card.textContent).toContain('-¥200.00 · -5 分');
    expect(card.textContent).toContain('重复 ×2');
    expect(card.textContent).toContain('待审批');
    fireEvent.click(screen.getByTestId('m-appeal'));
    const text = (await screen.findByTestId('m-appeal-text')).querySelector('textarea') as HTMLTextAreaElement;
    fireEvent.change(text, { target: { value: '客户自行拆装导致' } });
    fireEvent.click(screen.getByTestId('m-appeal-submit'));
    await waitFor(() => expect(screen.getByTestId('m-ledger-entry').textContent).toContain('已申诉（2025-05-02 12:00:00）：客户自行拆装导致'));
    expect(screen.queryByTestId('m-appeal')).toBeNull();
    expect(calls.find((call) => call.path.endsWith('/appeal'))?.body).toEqual({ text: '客户自行拆装导致' });
  });
});

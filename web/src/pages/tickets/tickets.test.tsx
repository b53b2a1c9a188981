import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { AssetView, CustomerDetail } from '../../api/archive';
import type { TicketDetail, TicketStatus } from '../../api/tickets';
import { isFeedbackOverdue, spokenTime, STATUS_COLORS, statusLabel, transitionLabel } from '../../components/tickets/labels';
import { SubmissionKey } from '../../components/tickets/submissionKey';
import { emptyPage, makeMe, makeTicketDetail, mockFetch, pageOf, renderApp, type Call } from '../../test-utils';
import { TICKET_STATUSES } from '../../../../contracts/tickets';
import { hotlineBody } from './TicketNewPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const PERMISSIONS = ['customers.read', 'assets.read', 'tickets.read', 'tickets.create', 'tickets.update'] as const;
const CUSTOMER_ID = '00000000-0000-4000-8000-00000000c001';
const ASSET_ID = '00000000-0000-4000-8000-00000000a001';
const TICKET_ID = '00000000-0000-4000-8000-00000000e001';
const EXISTING_ID = '00000000-0000-4000-8000-00000000e002';

const CUSTOMER: CustomerDetail = {
  id: CUSTOMER_ID,
  code: 'C000001',
  kind: 'person',
  name: '王建国',
  primaryPhone: '13812341234',
  phonesMasked: false,
  defaultAddress: '上海市浦东新区世纪大道 100 号',
  isKey: false,
  tags: [],
  assetCount: 1,
  createdAt: '2024-05-01T00:00:00.000Z',
  phones: [{ id: '00000000-0000-4000-8000-0000000000b1', phone: '13812341234', isMasked: false, label: 'mobile', isPrimary: true }],
  addresses: [
    {
      id: '00000000-0000-4000-8000-0000000000d1',
      label: null,
      provinceCode: '310000',
      cityCode: '310100',
      districtCode: '310115',
      regionLabel: '上海市浦东新区',
      detail: '世纪大道 100 号',
      fullAddress: '上海市浦东新区世纪大道 100 号',
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
  updatedAt: '2024-05-01T00:00:00.000Z',
};

const ASSET = {
  id: ASSET_ID,
  modelName: 'KFR-35GW',
  brand: '格力',
  serialNumber: 'SN1234XYZ',
  customerId: CUSTOMER_ID,
  installAddress: null,
  warranty: {
    state: 'in_warranty',
    startDate: '2025-01-01',
    endDate: '2027-01-01',
    extendedEnd: null,
    isOverridden: false,
    coversParts: true,
    coversLabour: true,
    coversOnSite: true,
    basis: { zh: '按购买日期 2025-01-01 起 2 年', en: '2 years from purchase' },
  },
} as unknown as AssetView;

/** A ticket as the server answers: an accepted repair of ASSET without an assessment, created and noted on 2026-11-22. */
function ticket(overrides: Partial<TicketDetail> = {}): TicketDetail {
  return makeTicketDetail({
    number: 'SH20261122-0001',
    type: 'repair',
    status: 'accepted',
    customerId: CUSTOMER_ID,
    assetId: ASSET_ID,
    description: '不制冷',
    promisedFeedbackAt: '2026-11-23T02:00:00.000Z',
    createdAt: '2026-11-22T02:00:00.000Z',
    updatedAt: '2026-11-22T02:00:00.000Z',
    preferredFrom: null,
    preferredTo: null,
    // As the server answers for an accepted ticket without an assessment: assessed comes through the assessment.
    allowedTransitions: ['waiting_customer', 'cancelled'],
    events: [
      {
        id: '00000000-0000-4000-8000-0000000000f1',
        at: '2026-11-22T02:00:00.000Z',
        kind: 'created',
        actorName: '管理员',
        fromStatus: null,
        toStatus: 'new',
        text: '受理单号 SH20261122-0001',
        isCustomerVisible: true,
      },
      {
        id: '00000000-0000-4000-8000-0000000000f2',
        at: '2026-11-22T02:05:00.000Z',
        kind: 'note',
        actorName: '管理员',
        fromStatus: null,
        toStatus: null,
        text: '客户说下午不在家',
        isCustomerVisible: false,
      },
    ],
    ...overrides,
  });
}

type Handler = (call: Call) => { status?: number; body?: unknown } | undefined;

function archiveHandler(extra: Handler): Handler {
  return (call) => {
    const answer = extra(call);
    if (answer) return answer;
    if (call.path === '/api/auth/me') return { body: makeMe({ permissions: [...PERMISSIONS] }) };
    if (call.path.startsWith('/api/search'))
      return { body: { items: [{ type: 'customer', id: CUSTOMER_ID, title: '王建国', subtitle: 'C000001 · 13812341234', customerId: CUSTOMER_ID, score: 1 }] } };
    if (call.path === `/api/customers/${CUSTOMER_ID}`) return { body: CUSTOMER };
    if (call.path.startsWith('/api/assets?')) return { body: pageOf([ASSET]) };
    if (call.path.startsWith('/api/tickets?')) return { body: emptyPage };
    return undefined;
  };
}

/** Finds the caller by the last digits and fills the description. */
async function pickCustomerAndDescribe(description = '空调不制冷') {
  const box = await screen.findByLabelText('来电号码 / 姓名 / 序列号');
  fireEvent.change(box, { target: { value: '1234' } });
  fireEvent.click(await screen.findByText('C000001 · 13812341234'));
  const card = await screen.findByTestId('hotline-customer');
  await within(card).findByText('王建国（C000001）');
  // the customer's product with its warranty tag, the customer as default contact
  await screen.findByText('SN1234XYZ');
  expect(within(screen.getByTestId('hotline-assets')).getByText('在保')).toBeTruthy();
  await waitFor(() => expect((document.querySelector('#ticket-form_contactPhone') as HTMLInputElement).value).toBe('13812341234'));
  fireEvent.click(screen.getByTestId('asset-SN1234XYZ').querySelector('input')!);
  fireEvent.change(screen.getByTestId('hotline-description'), { target: { value: description } });
}

const posts = (calls: Call[]) => calls.filter((call) => call.method === 'POST' && call.path === '/api/tickets');

describe('hotline form', () => {
  it('sends an Idempotency-Key, the same key on a retry of the same submission, and reads the number back', async () => {
    let attempts = 0;
    const calls = mockFetch(
      archiveHandler((call) => {
        if (call.method === 'POST' && call.path === '/api/tickets') {
          attempts += 1;
          if (attempts === 1) return { status: 503, body: { error: { code: 'service_unavailable', message: 'try again' } } };
          return { status: 201, body: { ticket: ticket(), isExisting: false, reason: 'created' } };
        }
        return undefined;
      }),
    );
    renderApp('/tickets/new');
    await pickCustomerAndDescribe();
    fireEvent.click(screen.getByTestId('hotline-submit'));
    await waitFor(() => expect(posts(calls)).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId('hotline-submit').className).not.toContain('loading'));
    fireEvent.click(screen.getByTestId('hotline-submit'));
    await screen.findByTestId('hotline-script');

    const [first, second] = posts(calls);
    expect(first.headers['Idempotency-Key']).toMatch(/^[A-Za-z0-9_\-:.]{8,128}$/);
    expect(second.headers['Idempotency-Key']).toBe(first.headers['Idempotency-Key']);
    expect(first.headers['X-CSRF-Token']).toBe('csrf-test-token');
    expect(first.body).toEqual({
      type: 'repair',
      channel: 'hotline',
      urgency: 'normal',
      description: '空调不制冷',
      customerId: CUSTOMER_ID,
      assetId: ASSET_ID,
      contactName: '王建国',
      contactPhone: '13812341234',
    });
    // 2026-11-23T02:00Z is 10:00 in Shanghai
    expect(screen.getByTestId('hotline-script').textContent).toContain('您的服务单号是 SH20261122-0001，我们将在 11月23日 10:00 前与您联系');
    expect(screen.getByRole('button', { name: '查看工单' })).toBeTruthy();

    // the next registration gets a new key
    fireEvent.click(screen.getByTestId('hotline-again'));
    await pickCustomerAndDescribe();
    fireEvent.click(screen.getByTestId('hotline-submit'));
    await waitFor(() => expect(posts(calls)).toHaveLength(3));
    expect(posts(calls)[2].headers['Idempotency-Key']).not.toBe(first.headers['Idempotency-Key']);
  });

  it('warns about an open duplicate and offers to open it or to create anyway', async () => {
    const calls = mockFetch(
      archiveHandler((call) => {
        if (call.method === 'POST' && call.path === '/api/tickets') {
          if ((call.body as { allowDuplicate?: boolean }).allowDuplicate) return { status: 201, body: { ticket: ticket({ number: 'SH20261122-0002' }), isExisting: false, reason: 'created' } };
          return {
            status: 409,
            body: { error: { code: 'conflict', message: 'An open repair ticket exists', details: [{ path: ['type'], code: 'duplicate_ticket', message: 'SH20261122-0001' }] } },
          };
        }
        if (call.path.startsWith('/api/tickets?q=SH20261122-0001'))
          return { body: pageOf([{ ...ticket({ id: EXISTING_ID }), events: undefined }]) };
        if (call.path === `/api/tickets/${EXISTING_ID}`) return { body: ticket({ id: EXISTING_ID }) };
        return undefined;
      }),
    );
    renderApp('/tickets/new');
    await pickCustomerAndDescribe();
    fireEvent.click(screen.getByTestId('hotline-submit'));
    const warning = await screen.findByTestId('duplicate-ticket');
    expect(within(warning).getByText(/SH20261122-0001/)).toBeTruthy();
    expect(within(warning).getByRole('button', { name: '打开已有工单' })).toBeTruthy();

    fireEvent.click(within(warning).getByRole('button', { name: '仍然新建' }));
    await screen.findByTestId('hotline-script');
    const [first, second] = posts(calls);
    expect(first.body).not.toHaveProperty('allowDuplicate');
    expect(second.body).toMatchObject({ allowDuplicate: true, customerId: CUSTOMER_ID, assetId: ASSET_ID });
    expect(screen.getByTestId('hotline-script').textContent).toContain('SH20261122-0002');
  });

  it('opens the existing ticket from the duplicate warning', async () => {
    const calls = mockFetch(
      archiveHandler((call) => {
        if (call.method === 'POST' && call.path === '/api/tickets')
          return { status: 409, body: { error: { code: 'conflict', message: 'dup', details: [{ path: ['type'], code: 'duplicate_ticket', message: 'SH20261122-0001' }] } } };
        if (call.path.startsWith('/api/tickets?q=SH20261122-0001'))
          return { body: pageOf([{ ...ticket({ id: EXISTING_ID }), events: undefined }]) };
        if (call.path === `/api/tickets/${EXISTING_ID}`) return { body: ticket({ id: EXISTING_ID }) };
        if (call.path === `/api/assets/${ASSET_ID}`) return { body: ASSET };
        return undefined;
      }),
    );
    renderApp('/tickets/new');
    await pickCustomerAndDescribe();
    fireEvent.click(screen.getByTestId('hotline-submit'));
    fireEvent.click(within(await screen.findByTestId('duplicate-ticket')).getByRole('button', { name: '打开已有工单' }));
    expect(await screen.findByTestId('ticket-number')).toBeTruthy();
    expect(calls.some((call) => call.path === `/api/tickets/${EXISTING_ID}`)).toBe(true);
    expect(posts(calls)).toHaveLength(1);
  });

  it('offers a new customer inline when nothing is found, with the typed phone', async () => {
    const calls = mockFetch(
      archiveHandler((call) => {
        if (call.path.startsWith('/api/search')) return { body: { items: [] } };
        if (call.method === 'POST' && call.path === '/api/tickets') return { status: 201, body: { ticket: ticket(), isExisting: false, reason: 'created' } };
        return undefined;
      }),
    );
    renderApp('/tickets/new');
    const box = await screen.findByLabelText('来电号码 / 姓名 / 序列号');
    fireEvent.change(box, { target: { value: '139 0000 1111' } });
    const section = await screen.findByTestId('hotline-new-section');
    expect((document.querySelector('#ticket-form_newCustomer_phone') as HTMLInputElement).value).toBe('13900001111');
    fireEvent.change(document.querySelector('#ticket-form_newCustomer_name')!, { target: { value: '李女士' } });
    fireEvent.change(screen.getByTestId('hotline-description'), { target: { value: '需要安装' } });
    expect(within(section).getByText('新客户')).toBeTruthy();
    fireEvent.click(screen.getByTestId('hotline-submit'));
    await screen.findByTestId('hotline-script');
    expect(posts(calls)[0].body).toEqual({ type: 'repair', channel: 'hotline', urgency: 'normal', description: '需要安装', newCustomer: { name: '李女士', phone: '13900001111' } });
  });
});

describe('ticket detail', () => {
  it('shows only the allowed transitions, sends one with a note, and the timeline with visibility', async () => {
    const calls = mockFetch(
      archiveHandler((call) => {
        if (call.path === `/api/tickets/${TICKET_ID}` && call.method === 'GET') return { body: ticket() };
        if (call.path === `/api/tickets/${TICKET_ID}/transitions`) return { body: ticket({ status: 'waiting_customer', pausedFromStatus: 'accepted', allowedTransitions: ['accepted', 'cancelled'] }) };
        if (call.path === `/api/assets/${ASSET_ID}`) return { body: ASSET };
        return undefined;
      }),
    );
    renderApp(`/tickets/${TICKET_ID}`);
    const actions = await screen.findByTestId('ticket-transitions');
    expect(within(actions).getAllByRole('button').map((button) => button.textContent?.replace(/\s+/g, ' '))).toEqual(['挂起：等待客户', '取消工单']);
    expect(screen.queryByTestId('transition-resolved')).toBeNull();
    // Not assessed yet: the page sends the agent to the assessment instead of a plain transition.
    expect(screen.getByTestId('assess-first').textContent).toContain('尚未评估');
    expect(screen.queryByTestId('transition-assessed')).toBeNull();

    const timeline = screen.getByTestId('ticket-timeline');
    expect(within(timeline).getByText('创建工单')).toBeTruthy();
    expect(within(timeline).getByText('客户说下午不在家')).toBeTruthy();
    expect(within(screen.getByTestId('event-note')).getByText('内部')).toBeTruthy();
    expect(within(screen.getByTestId('event-created')).getByText('客户可见')).toBeTruthy();
    expect(screen.getByRole('link', { name: '王建国' }).getAttribute('href')).toBe(`/customers/${CUSTOMER_ID}`);

    fireEvent.click(screen.getByTestId('transition-waiting_customer'));
    fireEvent.change(await screen.findByTestId('transition-note'), { target: { value: '客户出差，下周再约' } });
    fireEvent.click(screen.getByRole('button', { name: /确\s*定/ }));
    await waitFor(() => expect(screen.getByTestId('transition-accepted').textContent).toBe('恢复：已受理'));
    expect(calls.find((call) => call.path.endsWith('/transitions'))?.body).toEqual({ to: 'waiting_customer', note: '客户出差，下周再约' });
    expect(screen.queryByTestId('assess-first')).toBeNull();
  });

  it('assesses from the drawer (free-text fault code without a fault list) and shows the result, clocks and new events', async () => {
    const assessed = ticket({
      status: 'assessed',
      unitCount: 12,
      clocks: [{ kind: 'response', status: 'met', dueAt: '2026-11-22T04:00:00.000Z', remainingMinutes: 0, overdueMinutes: 0, isAtRisk: false, isProvisional: false, targetMinutes: 120 }],
      assessment: {
        faultClass: 'performance',
        faultCode: 'no_cooling',
        impact: 'medium',
        urgency: 'normal',
        actualFault: null,
        exclusions: [],
        notes: null,
        warranty: { state: 'in_warranty', endDate: '2027-01-01', basis: { zh: '按购买日期起 2 年', en: '2 years' } },
        sanbao: { remedies: ['repair_free'], recommended: 'repair_free', rule: 'repair', reason: { zh: '超过 15 天，免费修理', en: 'free repair' }, daysSincePurchase: 300 },
        isFree: true,
        chargeReason: { zh: '在保修期内，免费', en: 'free' },
        override: null,
        assessedAt: '2026-11-22T03:00:00.000Z',
        assessedBy: '管理员',
      },
      events: [{ id: '00000000-0000-4000-8000-0000000000f9', at: '2026-11-22T03:00:00.000Z', kind: 'sla_at_risk', actorName: null, fromStatus: null, toStatus: null, text: null, isCustomerVisible: false }],
    });
    const calls = mockFetch(
      archiveHandler((call) => {
        if (call.path === `/api/tickets/${TICKET_ID}` && call.method === 'GET') return { body: ticket({ clocks: [{ kind: 'response', status: 'running', dueAt: '2026-11-22T04:00:00.000Z', remainingMinutes: 200, overdueMinutes: 0, isAtRisk: false, isProvisional: false, targetMinutes: 240 }] }) };
        if (call.path === `/api/tickets/${TICKET_ID}/assessment`) return { body: assessed };
        if (call.path === `/api/assets/${ASSET_ID}`) return { body: ASSET };
        return undefined;
      }),
    );
    renderApp(`/tickets/${TICKET_ID}`);
    expect((await screen.findByTestId('clock-left-response')).textContent).toBe('剩 3 小时 20 分');
    expect(within(screen.getByTestId('assessment-card')).getByText('尚未评估')).toBeTruthy();
    fireEvent.click(screen.getByTestId('assess-open'));
    fireEvent.change(await screen.findByTestId('assess-fault-code-text'), { target: { value: 'no_cooling' } });
    fireEvent.click(screen.getByTestId('assess-submit'));
    await screen.findByTestId('assessment-result');
    expect(screen.getByTestId('assessment-charge').textContent).toBe('无偿');
    expect(screen.getByTestId('remedy-repair_free').textContent).toContain('推荐');
    expect(calls.find((call) => call.path.endsWith('/assessment'))?.body).toEqual({
      faultClass: 'performance',
      faultCode: 'no_cooling',
      impact: 'medium',
      urgency: 'normal',
      exclusions: [],
      actualFault: null,
      notes: null,
    });
    expect(screen.getByTestId('clock-status-response').textContent).toBe('达标');
    expect(screen.getByText('12')).toBeTruthy();
    expect(within(screen.getByTestId('ticket-timeline')).getByText('即将超时')).toBeTruthy();
    // no override button without tickets.sanbao_override
    expect(screen.queryByTestId('sanbao-override')).toBeNull();
  });

  it('hides the actions and the note form without tickets.update', async () => {
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ permissions: ['tickets.read'] }) };
      if (call.path === `/api/tickets/${TICKET_ID}`) return { body: ticket() };
      return undefined;
    });
    renderApp(`/tickets/${TICKET_ID}`);
    await screen.findByTestId('ticket-number');
    expect(screen.queryByTestId('ticket-transitions')).toBeNull();
    expect(screen.queryByTestId('note-text')).toBeNull();
  });
});

describe('ticket queue by outlet', () => {
  it('shows the open tickets per outlet with names, biggest first, and lists an outlet’s tickets when picked', async () => {
    const OUTLET_A = '00000000-0000-4000-8000-0000000000c1';
    const OUTLET_B = '00000000-0000-4000-8000-0000000000c2';
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ permissions: ['tickets.read', 'outlets.read'] }) };
      if (call.path === '/api/tickets/queues')
        return { body: { open: 9, mine: 0, unassigned: 2, atRisk: 0, breached: 0, byType: { repair: 9 }, byOutlet: [{ outletId: OUTLET_A, count: 3 }, { outletId: null, count: 2 }, { outletId: OUTLET_B, count: 4 }] } };
      if (call.path.startsWith('/api/outlets?'))
        return { body: { items: [{ id: OUTLET_A, name: '浦东网点' }, { id: OUTLET_B, name: '闵行网点' }], total: 2, page: 1, pageSize: 100 } };
      if (call.path === '/api/tickets/saved-filters') return { body: { items: [] } };
      if (call.path.startsWith('/api/tickets?')) return { body: emptyPage };
      return undefined;
    });
    renderApp('/tickets');
    await waitFor(() => expect(screen.getByTestId(`queue-outlet-${OUTLET_B}`).textContent).toBe('闵行网点 4'));
    const tags = within(screen.getByTestId('queue-by-outlet')).getAllByTestId(/^queue-outlet-/).map((tag) => tag.textContent);
    expect(tags).toEqual(['闵行网点 4', '浦东网点 3', '未派网点 2']);
    const lastList = () => calls.filter((call) => call.path.startsWith('/api/tickets?')).at(-1)!.path;
    fireEvent.click(screen.getByTestId(`queue-outlet-${OUTLET_A}`));
    await waitFor(() => expect(lastList()).toContain(`outletId=${OUTLET_A}`));
    expect(lastList()).toContain('isOpen=true');
    fireEvent.click(screen.getByTestId('queue-outlet-none'));
    await waitFor(() => expect(lastList()).toContain('unassigned=true'));
  });
});

describe('ticket helpers', () => {
  it('labels and colours every status, and names transitions', () => {
    for (const status of TICKET_STATUSES) {
      expect(statusLabel(status, 'zh-CN')).toBeTruthy();
      expect(STATUS_COLORS[status].color).toMatch(/^#[0-9a-f]{6}$/);
    }
    expect(statusLabel('waiting_parts', 'zh-CN')).toBe('等待备件');
    expect(statusLabel('waiting_parts', 'en')).toBe('Waiting for parts');
    expect(STATUS_COLORS.resolved.badge).toBe('success');
    expect(STATUS_COLORS.waiting_parts.badge).toBe('warning');
    expect(transitionLabel('accepted', 'assessed', 'zh-CN')).toBe('转为 已评估');
    expect(transitionLabel('assessed', 'waiting_parts', 'zh-CN')).toBe('挂起：等待备件');
    expect(transitionLabel('waiting_parts', 'assessed', 'zh-CN')).toBe('恢复：已评估');
    expect(transitionLabel('resolved', 'accepted', 'zh-CN')).toBe('重新打开');
    expect(transitionLabel('closed', 'accepted', 'en')).toBe('Reopen');
    expect(transitionLabel('new', 'cancelled', 'zh-CN')).toBe('取消工单');
  });

  it('says the promised time in Shanghai and flags overdue open tickets', () => {
    expect(spokenTime('2026-11-23T02:00:00.000Z', 'zh-CN')).toBe('11月23日 10:00');
    expect(spokenTime('2026-11-22T16:30:00.000Z', 'zh-CN')).toBe('11月23日 00:30');
    expect(spokenTime('2026-11-23T02:00:00.000Z', 'en')).toBe('Nov 23, 10:00');
    const past = '2020-01-01T00:00:00.000Z';
    expect(isFeedbackOverdue(past, 'accepted' as TicketStatus)).toBe(true);
    expect(isFeedbackOverdue(past, 'resolved')).toBe(false);
    expect(isFeedbackOverdue('2999-01-01T00:00:00.000Z', 'new')).toBe(false);
  });

  it('keeps one key per submission body', () => {
    let n = 0;
    const keys = new SubmissionKey(() => `key-${(n += 1)}`);
    expect(keys.keyFor({ a: 1 })).toBe('key-1');
    expect(keys.keyFor({ a: 1 })).toBe('key-1');
    expect(keys.keyFor({ a: 2 })).toBe('key-2');
    keys.reset();
    expect(keys.keyFor({ a: 2 })).toBe('key-3');
  });

  it('builds the body of a new caller with an address and a Shanghai window', async () => {
    const dayjs = (await import('dayjs')).default;
    const body = hotlineBody(
      {
        type: 'installation',
        channel: 'hotline',
        urgency: 'high',
        description: ' 装空调 ',
        preferred: [dayjs('2026-11-24T09:00:00'), dayjs('2026-11-24T12:00:00')],
        newCustomer: { name: ' 李女士 ', phone: '13900001111', region: ['310000', '310100', '310115'], detail: '张江路 1 号' },
        contactName: '',
      },
      null,
    );
    expect(body).toEqual({
      type: 'installation',
      channel: 'hotline',
      urgency: 'high',
      description: '装空调',
      newCustomer: { name: '李女士', phone: '13900001111', address: { provinceCode: '310000', cityCode: '310100', districtCode: '310115', detail: '张江路 1 号' } },
      preferredFrom: '2026-11-24T01:00:00.000Z',
      preferredTo: '2026-11-24T04:00:00.000Z',
    });
  });
});

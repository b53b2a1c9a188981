import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeMe, mockFetch, renderApp } from '../../test-utils';
import type { Complaint, ComplaintDetail } from '../../api/complaints';
import { zhCN } from '../../i18n/zh-CN';
import { eventTitle } from './ComplaintDetailPage';
import { newComplaintBody } from './ComplaintsPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const SUPERVISOR = makeMe({ roles: ['supervisor'], permissions: ['complaints.read', 'complaints.handle', 'complaints.investigate', 'complaints.approve'] });

const COMPLAINT: Complaint = {
  id: '00000000-0000-4000-8000-0000000000c1',
  number: 'TS20261122-0003',
  channel: 'follow_up',
  sourceDepartment: null,
  followUpId: '00000000-0000-4000-8000-0000000000c9',
  type: 'service_attitude',
  severity: 'serious',
  status: 'investigating',
  customerId: '00000000-0000-4000-8000-0000000000c2',
  customerName: '王先生',
  contactPhone: null,
  account: '师傅说话不耐烦，还嫌我问题多',
  ticketId: '00000000-0000-4000-8000-0000000000c3',
  workOrderId: '00000000-0000-4000-8000-0000000000c4',
  technicianId: '00000000-0000-4000-8000-0000000000c5',
  technicianName: '张师傅',
  outletId: '00000000-0000-4000-8000-0000000000c6',
  outletName: '浦东网点',
  ratings: { overall: 2, attitude: 1, skill: 4, timeliness: 3 },
  categories: ['服务态度'],
  acceptedAt: '2026-11-22T02:00:00.000Z',
  responseDueAt: '2026-11-23T02:00:00.000Z',
  respondedAt: '2026-11-22T03:00:00.000Z',
  responsibleParty: null,
  responsibleTechnicianId: null,
  responsibleOutletId: null,
  findings: null,
  plan: null,
  resolutionDueDate: null,
  resolutionDueAt: null,
  resolvedAt: null,
  resolutionNote: null,
  lastVerificationOutcome: null,
  closedAt: null,
  reopenCount: 0,
  escalatedAt: '2026-11-23T02:30:00.000Z',
  escalationReason: 'response_overdue',
  isOverdue: true,
  version: 3,
  createdAt: '2026-11-22T02:00:00.000Z',
};

const DETAIL: ComplaintDetail = {
  ...COMPLAINT,
  events: [
    { id: 'e1', kind: 'accepted', note: null, data: { channel: 'follow_up' }, actorName: '李客服', at: '2026-11-22T02:00:00.000Z' },
    { id: 'e2', kind: 'investigating', note: '已致电客户致歉', data: null, actorName: '李客服', at: '2026-11-22T03:00:00.000Z' },
    { id: 'e3', kind: 'escalated', note: null, data: { reason: 'response_overdue' }, actorName: null, at: '2026-11-23T02:30:00.000Z' },
  ],
  compensations: [{ id: '00000000-0000-4000-8000-0000000000d1', kind: 'money', amountFen: 50_000, description: '现金补偿', status: 'proposed', proposedAt: '2026-11-22T04:00:00.000Z', decidedAt: null, decisionReason: null, version: 1 }],
  penaltyEntryIds: [],
};

describe('complaints pages', () => {
  it('lists complaints in Chinese with type, severity, status, overdue and escalation tags', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: SUPERVISOR };
      if (call.path.startsWith('/api/complaints?')) return { body: { items: [COMPLAINT], total: 1, page: 1, pageSize: 50 } };
      return undefined;
    });
    renderApp('/complaints');
    expect(await screen.findByText('TS20261122-0003')).toBeTruthy();
    const row = screen.getByText('王先生').closest('tr') as HTMLElement;
    for (const text of ['服务态度', '严重', '回访', '调查中', '超时', '已升级', '张师傅 / 浦东网点']) expect(within(row).getByText(text)).toBeTruthy();
    expect(screen.getByRole('button', { name: /登记投诉/ })).toBeTruthy();
    fireEvent.click(screen.getByText('仅超时'));
    await waitFor(() => expect(calls.some((call) => call.path.startsWith('/api/complaints?') && call.path.includes('isOverdue=true'))).toBe(true));
  });

  it('shows the detail with the customer’s words, the follow-up ratings, the timeline and the responsibility form; submits the analysis with the version', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: SUPERVISOR };
      if (call.path === `/api/complaints/${COMPLAINT.id}`) return { body: DETAIL };
      if (call.method === 'POST' && call.path === `/api/complaints/${COMPLAINT.id}/responsibility`) return { body: { ...DETAIL, responsibleParty: 'technician', version: 4 } };
      return undefined;
    });
    renderApp(`/complaints/${COMPLAINT.id}`);
    expect(await screen.findByTestId('complaint-account')).toBeTruthy();
    expect(screen.getByText('师傅说话不耐烦，还嫌我问题多')).toBeTruthy();
    expect(screen.getByText('来自回访')).toBeTruthy();
    expect(screen.getByText('态度 1')).toBeTruthy();
    const timeline = screen.getByTestId('complaint-timeline');
    expect(within(timeline).getByText('受理')).toBeTruthy();
    expect(within(timeline).getByText('已致电客户致歉')).toBeTruthy();
    expect(within(timeline).getByText('升级至经理：24 小时内未响应')).toBeTruthy();
    expect(screen.getByText('¥500.00')).toBeTruthy();
    expect(screen.getByRole('button', { name: /批\s?准/ })).toBeTruthy();

    fireEvent.change(screen.getByLabelText('调查结论'), { target: { value: '技师服务用语不规范' } });
    fireEvent.click(screen.getByRole('button', { name: '提交责任分析' }));
    await waitFor(() =>
      expect(calls.find((call) => call.method === 'POST' && call.path.endsWith('/responsibility'))?.body).toEqual({ version: 3, party: 'technician', technicianId: COMPLAINT.technicianId, findings: '技师服务用语不规范' }),
    );
  });

  it('builds the new-complaint body from the given fields only', () => {
    expect(newComplaintBody({ channel: 'phone', type: 'charges', severity: 'normal', customerId: ' c1 ', account: ' 多收了上门费 ', contactPhone: ' ', workOrderId: '' })).toEqual({ channel: 'phone', type: 'charges', severity: 'normal', customerId: 'c1', account: '多收了上门费' });
    expect(newComplaintBody({ channel: 'other_department', sourceDepartment: '销售部', type: 'product', severity: 'minor', customerId: 'c2', account: 'x' })).toMatchObject({ sourceDepartment: '销售部' });
  });

  it('titles timeline events from their data', () => {
    const t = (key: string, params?: Record<string, unknown>) => String((zhCN as Record<string, string>)[key] ?? key).replace(/\{(\w+)\}/g, (_, name) => String(params?.[name]));
    expect(eventTitle({ id: '1', kind: 'responsibility', note: null, data: { party: 'technician', personName: '张师傅' }, actorName: null, at: '' }, t as never, 'zh-CN')).toBe('责任分析：技师（张师傅）');
    expect(eventTitle({ id: '2', kind: 'verification', note: null, data: { outcome: 'not_confirmed' }, actorName: null, at: '' }, t as never, 'zh-CN')).toBe('主管回访：客户不认可');
    expect(eventTitle({ id: '3', kind: 'penalty_proposed', note: null, data: { amountFen: 20_000, multipliers: [2] }, actorName: null, at: '' }, t as never, 'zh-CN')).toBe('处罚建议：¥200.00 ×2');
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import type { ReactNode } from 'react';
import type { AssessmentView, QueueCounts, TicketClock } from '../../api/tickets';
import { I18nProvider, translate, type Locale } from '../../i18n';
import { emptyPage, makeMe, mockFetch, renderApp } from '../../test-utils';
import { AssessmentResult } from './AssessmentCard';
import { queueFilters, queueOf } from './QueueTabs';
import { clockTimeText, formatMinutes, SlaClocks } from './SlaClocks';

afterEach(() => {
  vi.unstubAllGlobals();
});

function wrap(children: ReactNode, locale: Locale = 'zh-CN') {
  return render(
    <I18nProvider initialLocale={locale}>
      <AntApp>{children}</AntApp>
    </I18nProvider>,
  );
}

const zh = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('zh-CN', key, vars);
const en = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('en', key, vars);

function clock(overrides: Partial<TicketClock>): TicketClock {
  return {
    kind: 'response',
    status: 'running',
    dueAt: '2026-11-23T02:00:00.000Z',
    remainingMinutes: 200,
    overdueMinutes: 0,
    isAtRisk: false,
    isProvisional: false,
    targetMinutes: 240,
    ...overrides,
  };
}

describe('SLA clocks panel', () => {
  it('formats time left and overdue in both languages', () => {
    expect(formatMinutes(200, zh)).toBe('3 小时 20 分');
    expect(formatMinutes(120, zh)).toBe('2 小时');
    expect(formatMinutes(0, zh)).toBe('0 分');
    expect(formatMinutes(1440 + 120 + 5, zh)).toBe('1 天 2 小时');
    expect(formatMinutes(200, en)).toBe('3 h 20 min');
    expect(clockTimeText(clock({ remainingMinutes: 200 }), zh)).toBe('剩 3 小时 20 分');
    expect(clockTimeText(clock({ status: 'breached', remainingMinutes: 0, overdueMinutes: 120 }), zh)).toBe('超时 2 小时');
    expect(clockTimeText(clock({ status: 'met' }), zh)).toBeNull();
    expect(clockTimeText(clock({ status: 'paused', remainingMinutes: 45 }), en)).toBe('45 min left');
  });

  it('shows three rows with status tags, Shanghai due time, at-risk badge and the provisional tag', () => {
    wrap(
      <SlaClocks
        clocks={[
          clock({ kind: 'resolution', status: 'paused', remainingMinutes: 3000, isProvisional: true, dueAt: '2027-02-10T10:00:00.000Z' }),
          clock({ kind: 'response', status: 'met', remainingMinutes: 0 }),
          clock({ kind: 'onsite', status: 'running', remainingMinutes: 50, isAtRisk: true }),
        ]}
      />,
    );
    const rows = screen.getAllByTestId(/^clock-(response|onsite|resolution)$/);
    expect(rows.map((row) => row.getAttribute('data-testid'))).toEqual(['clock-response', 'clock-onsite', 'clock-resolution']);
    expect(screen.getByTestId('clock-status-response').textContent).toBe('达标');
    expect(screen.getByTestId('clock-status-onsite').textContent).toBe('进行中');
    expect(screen.getByTestId('clock-status-resolution').textContent).toBe('已暂停');
    expect(screen.getByTestId('clock-left-onsite').textContent).toBe('剩 50 分');
    expect(screen.getByTestId('clock-at-risk-onsite').textContent).toContain('即将超时');
    expect(screen.queryByTestId('clock-left-response')).toBeNull();
    expect(screen.getByTestId('clock-provisional-resolution').textContent).toBe('暂定');
    expect(screen.queryByTestId('clock-provisional-onsite')).toBeNull();
    // 10:00 UTC is 18:00 in Shanghai
    expect(within(screen.getByTestId('clock-resolution')).getByText('截止 2027-02-10 18:00')).toBeTruthy();
  });

  it('shows a breached clock in red with the overdue time', () => {
    wrap(<SlaClocks clocks={[clock({ kind: 'resolution', status: 'breached', remainingMinutes: 0, overdueMinutes: 125 })]} />);
    expect(screen.getByTestId('clock-status-resolution').textContent).toBe('超时');
    expect(screen.getByTestId('clock-left-resolution').textContent).toBe('超时 2 小时 5 分');
  });
});

const ASSESSMENT: AssessmentView = {
  faultClass: 'performance',
  faultCode: 'no_heat',
  impact: 'high',
  urgency: 'normal',
  actualFault: null,
  exclusions: [],
  notes: null,
  warranty: { state: 'in_warranty', endDate: '2028-01-01', basis: { zh: '按购买日期起 36 个月', en: '36 months from purchase' } },
  sanbao: {
    remedies: ['exchange', 'repair_free'],
    recommended: 'exchange',
    rule: 'exchange_window',
    reason: { zh: '购买 15 天内出现性能故障，可换货或免费修理', en: 'Performance fault within 15 days: exchange or free repair' },
    daysSincePurchase: 10,
  },
  isFree: true,
  chargeReason: { zh: '在保修期内，性能故障，免费', en: 'In warranty, performance fault: free' },
  override: null,
  assessedAt: '2026-11-22T03:00:00.000Z',
  assessedBy: '管理员',
};

describe('assessment result', () => {
  it('shows 无偿 with the reason, the warranty basis and the remedies with the recommended one', () => {
    wrap(<AssessmentResult assessment={ASSESSMENT} faultName="不出热水" />);
    expect(screen.getByTestId('assessment-charge').textContent).toBe('无偿');
    expect(screen.getByTestId('assessment-charge-reason').textContent).toBe('在保修期内，性能故障，免费');
    expect(screen.getByTestId('assessment-warranty-basis').textContent).toBe('按购买日期起 36 个月');
    expect(screen.getByTestId('remedy-exchange').getAttribute('data-recommended')).toBe('true');
    expect(screen.getByTestId('remedy-exchange').textContent).toBe('换货 · 推荐');
    expect(screen.getByTestId('remedy-repair_free').getAttribute('data-recommended')).toBe('false');
    expect(screen.getByTestId('assessment-sanbao-reason').textContent).toContain('可换货或免费修理');
    expect(screen.getByText(/不出热水（no_heat）/)).toBeTruthy();
    expect(screen.queryByTestId('assessment-override')).toBeNull();
  });

  it('shows 有偿 in English with the exclusions and the override with who and why', () => {
    wrap(
      <AssessmentResult
        assessment={{
          ...ASSESSMENT,
          isFree: false,
          exclusions: ['self_disassembly'],
          chargeReason: { zh: '自行拆装，收费', en: 'Self-disassembly: paid' },
          sanbao: { ...ASSESSMENT.sanbao, remedies: ['repair_paid'], recommended: 'repair_paid' },
          override: { remedy: 'repair_free', reason: '老客户，经理同意免费', by: '李经理', at: '2026-11-22T04:00:00.000Z' },
        }}
      />,
      'en',
    );
    expect(screen.getByTestId('assessment-charge').textContent).toBe('Paid');
    expect(screen.getByTestId('assessment-charge-reason').textContent).toBe('Self-disassembly: paid');
    expect(screen.getByText('self-disassembly or modification')).toBeTruthy();
    const override = screen.getByTestId('assessment-override');
    expect(override.textContent).toContain('李经理 set “Free repair”: 老客户，经理同意免费');
  });
});

const COUNTS: QueueCounts = { open: 12, mine: 3, unassigned: 5, atRisk: 2, breached: 1, byType: { repair: 7, installation: 5 }, byOutlet: [] };

describe('queue tabs', () => {
  it('maps queues to filters and back', () => {
    expect(queueFilters('mine')).toEqual({ isOpen: 'true', mine: 'true' });
    expect(queueOf({ isOpen: 'true', unassigned: 'true' })).toBe('unassigned');
    expect(queueOf({ sla: 'breached', q: 'x' })).toBe('breached');
    expect(queueOf({})).toBe('all');
    expect(queueOf({ status: 'new' })).toBeUndefined();
  });

  it('shows the counts and sets the list filters when a queue or a type is picked', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ permissions: ['tickets.read', 'tickets.create', 'tickets.update'] }) };
      if (call.path === '/api/tickets/queues') return { body: COUNTS };
      if (call.path === '/api/tickets/saved-filters') return { body: { items: [{ id: '00000000-0000-4000-8000-0000000000a9', name: '我的紧急', query: { isOpen: 'true', mine: 'true', status: 'new' }, createdAt: '2026-11-22T00:00:00.000Z' }] } };
      if (call.path.startsWith('/api/tickets?')) return { body: emptyPage };
      return undefined;
    });
    renderApp('/tickets');
    await waitFor(() => expect(screen.getByTestId('queue-count-open').textContent).toContain('12'));
    expect(screen.getByTestId('queue-count-mine').textContent).toContain('3');
    expect(screen.getByTestId('queue-count-unassigned').textContent).toContain('5');
    expect(screen.getByTestId('queue-count-atRisk').textContent).toContain('2');
    expect(screen.getByTestId('queue-count-breached').textContent).toContain('1');
    expect(screen.getByTestId('queue-type-repair').textContent).toBe('维修 7');

    const lastList = () => calls.filter((call) => call.path.startsWith('/api/tickets?')).at(-1)!.path;
    fireEvent.click(screen.getByTestId('queue-mine'));
    await waitFor(() => expect(lastList()).toContain('mine=true'));
    expect(lastList()).toContain('isOpen=true');

    fireEvent.click(screen.getByTestId('queue-breached'));
    await waitFor(() => expect(lastList()).toContain('sla=breached'));
    expect(lastList()).not.toContain('mine=true');

    fireEvent.click(screen.getByTestId('queue-type-repair'));
    await waitFor(() => expect(lastList()).toContain('type=repair'));
    expect(lastList()).not.toContain('sla=');

    // a saved filter applies its query, also to the form
    fireEvent.click(await screen.findByTestId('saved-filter-我的紧急'));
    await waitFor(() => expect(lastList()).toContain('status=new'));
    expect(lastList()).toContain('mine=true');
  });

  it('saves the current filters with a name', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ permissions: ['tickets.read'] }) };
      if (call.path === '/api/tickets/queues') return { body: COUNTS };
      if (call.path === '/api/tickets/saved-filters' && call.method === 'GET') return { body: { items: [] } };
      if (call.path === '/api/tickets/saved-filters' && call.method === 'POST') return { status: 201, body: { id: '00000000-0000-4000-8000-0000000000a8', createdAt: '2026-11-22T00:00:00.000Z', ...(call.body as object) } };
      if (call.path.startsWith('/api/tickets?')) return { body: emptyPage };
      return undefined;
    });
    renderApp('/tickets');
    fireEvent.click(await screen.findByTestId('queue-unassigned'));
    fireEvent.click(screen.getByTestId('save-filter'));
    fireEvent.change(await screen.findByTestId('save-filter-name'), { target: { value: '待派工' } });
    fireEvent.click(screen.getByRole('button', { name: /^保\s*存$/ }));
    await waitFor(() => expect(calls.some((call) => call.method === 'POST' && call.path === '/api/tickets/saved-filters')).toBe(true));
    const post = calls.find((call) => call.method === 'POST' && call.path === '/api/tickets/saved-filters')!;
    expect(post.body).toEqual({ name: '待派工', query: { isOpen: 'true', unassigned: 'true' } });
  });
});

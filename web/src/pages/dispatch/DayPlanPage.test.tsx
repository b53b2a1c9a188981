import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeMe, mockFetch, pageOf, renderApp } from '../../test-utils';
import type { DayPlanDetail } from './DayPlanApi';

afterEach(() => {
  vi.unstubAllGlobals();
});

const OUTLET = '00000000-0000-4000-8000-0000000000a1';
const PLAN = '00000000-0000-4000-8000-0000000000b1';
const TECH_A = '00000000-0000-4000-8000-0000000000c1';
const TECH_B = '00000000-0000-4000-8000-0000000000c2';
const VAN_1 = '00000000-0000-4000-8000-0000000000d1';
const VAN_2 = '00000000-0000-4000-8000-0000000000d2';
const ORDER_1 = '00000000-0000-4000-8000-0000000000e1';
const ORDER_2 = '00000000-0000-4000-8000-0000000000e2';
const ORDER_3 = '00000000-0000-4000-8000-0000000000e3';

const stop = (workOrderId: string, number: string, arrival: string, start: string, end: string, window: [string, string]) => ({
  workOrderId,
  number,
  arrival: `2026-11-24T${arrival}:00.000+08:00`,
  start: `2026-11-24T${start}:00.000+08:00`,
  end: `2026-11-24T${end}:00.000+08:00`,
  travelMinutes: 20,
  address: `浦东新区张江路 ${number.slice(-1)} 号`,
  windowStart: `2026-11-24T${window[0]}:00.000+08:00`,
  windowEnd: `2026-11-24T${window[1]}:00.000+08:00`,
  priority: 'normal' as const,
  status: 'dispatched',
});

function makePlan(status: 'draft' | 'published' = 'draft'): DayPlanDetail {
  return {
    id: PLAN,
    outletId: OUTLET,
    planDate: '2026-11-24',
    status,
    unplaced: [{ workOrderId: ORDER_3, number: 'WO20261124-0003', reason: '地址缺少坐标' }],
    totalTravelMinutes: 75,
    totalDistanceKm: 31.5,
    routes: [
      {
        id: '00000000-0000-4000-8000-0000000000f1',
        technicianId: TECH_A,
        technicianName: '张师傅',
        vehicleId: VAN_1,
        vehiclePlate: '沪A12345',
        travelMinutes: 50,
        distanceKm: 21,
        stops: [stop(ORDER_1, 'WO20261124-0001', '08:20', '09:00', '10:00', ['09:00', '11:00']), stop(ORDER_2, 'WO20261124-0002', '10:20', '14:00', '15:30', ['14:00', '16:00'])],
      },
      { id: '00000000-0000-4000-8000-0000000000f2', technicianId: TECH_B, technicianName: '李师傅', vehicleId: null, vehiclePlate: null, travelMinutes: 0, distanceKm: 0, stops: [] },
    ],
    vehicles: [
      { id: VAN_1, plate: '沪A12345', name: '依维柯' },
      { id: VAN_2, plate: '沪B67890', name: null },
    ],
    createdAt: '2026-11-23T09:30:00.000Z',
    updatedAt: '2026-11-23T09:30:00.000Z',
    publishedAt: null,
  };
}

async function choose(testId: string, optionText: string) {
  const options = await waitFor(() => {
    // Retried: the select is disabled while an earlier change is being saved.
    fireEvent.mouseDown(within(screen.getByTestId(testId)).getByRole('combobox'));
    const found = [...document.querySelectorAll('.ant-select-item-option')].filter((node) => node.textContent === optionText);
    if (!found.length) throw new Error(`no option ${optionText}`);
    return found;
  });
  fireEvent.click(options[options.length - 1]);
}

describe('day plan page (次日计划)', () => {
  it('shows each technician’s day on the timeline, the unplaced orders with their reason, and moves, assigns vehicles and publishes through the API', async () => {
    let current = makePlan();
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ permissions: ['outlets.read', 'dispatch.plan'] }) };
      if (call.path.startsWith('/api/outlets')) return { body: pageOf([{ id: OUTLET, name: '浦东服务站' }]) };
      if (call.method === 'GET' && call.path.startsWith('/api/day-plans?')) return { body: current };
      if (call.path === `/api/day-plans/${PLAN}/adjust`) return { body: current };
      if (call.path === `/api/day-plans/${PLAN}/publish`) {
        current = { ...makePlan('published'), publishedAt: '2026-11-23T10:00:00.000Z' };
        return { body: current };
      }
      return undefined;
    });
    renderApp('/day-plans');

    const timeline = await screen.findByTestId('plan-timeline');
    expect(calls.find((call) => call.path.startsWith('/api/day-plans?'))!.path).toMatch(new RegExp(`outletId=${OUTLET}&date=\\d{4}-\\d{2}-\\d{2}$`));
    expect(within(timeline).getByText('张师傅')).toBeTruthy();
    expect(within(timeline).getByText('李师傅')).toBeTruthy();
    expect(within(timeline).getByText('2 单 · 路程 50 分钟 · 21 km')).toBeTruthy();
    // 09:00–10:00 on a 07:00–21:00 axis: left 2/14, width 1/14; the 20-minute drive ends at the 08:20 arrival.
    const block = screen.getByTestId(`plan-stop-${ORDER_1}`);
    expect(parseFloat(block.style.left)).toBeCloseTo((2 / 14) * 100, 3);
    expect(parseFloat(block.style.width)).toBeCloseTo((1 / 14) * 100, 3);
    const travel = screen.getByTestId(`plan-travel-${ORDER_1}`);
    expect(parseFloat(travel.style.left)).toBeCloseTo((60 / 840) * 100, 3);
    expect(parseFloat(travel.style.width)).toBeCloseTo((20 / 840) * 100, 3);
    expect(screen.getByText('地址缺少坐标')).toBeTruthy();
    expect(screen.getByTestId('plan-status').textContent).toBe('草稿');
    expect(screen.getAllByText('09:00–11:00').length).toBeGreaterThan(0);

    // Move the afternoon order to 李师傅: it goes first on his (empty) route.
    await choose(`plan-move-${ORDER_2}`, '李师傅');
    await waitFor(() => expect(calls.some((call) => call.path === `/api/day-plans/${PLAN}/adjust`)).toBe(true));
    expect(calls.find((call) => call.path === `/api/day-plans/${PLAN}/adjust`)!.body).toEqual({ moves: [{ workOrderId: ORDER_2, technicianId: TECH_B, position: 0 }] });

    // 李师傅 takes the second van; the first is offered disabled (used by 张师傅).
    await choose(`plan-vehicle-${TECH_B}`, '沪B67890');
    await waitFor(() => expect(calls.filter((call) => call.path === `/api/day-plans/${PLAN}/adjust`)).toHaveLength(2));
    expect(calls.filter((call) => call.path === `/api/day-plans/${PLAN}/adjust`)[1].body).toEqual({ vehicles: [{ technicianId: TECH_B, vehicleId: VAN_2 }] });

    await waitFor(() => expect(screen.getByTestId('plan-publish').className).not.toContain('ant-btn-loading'));
    fireEvent.click(screen.getByTestId('plan-publish'));
    fireEvent.click(await screen.findByRole('button', { name: /^确\s?定$/ }));
    await waitFor(() => expect(screen.getByTestId('plan-status').textContent).toBe('已发布'));
    expect(calls.some((call) => call.method === 'POST' && call.path === `/api/day-plans/${PLAN}/publish`)).toBe(true);
    expect(screen.queryByTestId('plan-publish')).toBeNull();
  });

  it('offers to generate when there is no plan yet and shows the generated draft', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ permissions: ['outlets.read', 'dispatch.plan'] }) };
      if (call.path.startsWith('/api/outlets')) return { body: pageOf([{ id: OUTLET, name: '浦东服务站' }]) };
      if (call.method === 'GET' && call.path.startsWith('/api/day-plans?')) return { status: 404, body: { error: { code: 'not_found', message: 'Day plan not found' } } };
      if (call.path === '/api/day-plans/generate') return { status: 201, body: makePlan() };
      return undefined;
    });
    renderApp('/day-plans');
    expect(await screen.findByTestId('plan-empty')).toBeTruthy();
    fireEvent.click(screen.getByTestId('plan-generate'));
    expect(await screen.findByTestId('plan-timeline')).toBeTruthy();
    const body = calls.find((call) => call.path === '/api/day-plans/generate')!.body as { outletId: string; date: string };
    expect(body.outletId).toBe(OUTLET);
    expect(body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

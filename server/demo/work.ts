/**
 * Demo work: repair and installation tickets of demo customers, assessed, each with a visit
 * on the next working day; most are dispatched automatically (so the board, the day plan and the phone app
 * have something to show) and a few are left waiting for the dispatcher. Runs once: nothing is
 * added when work orders exist.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client';
import type { AppContext } from '../platform/context';
import { SYSTEM_ACTOR, SYSTEM_PRINCIPAL, type Actor } from '../platform/principal';
import { shanghaiDate } from '../platform/time';
import { autoDispatch } from '../modules/dispatch';
import { createWorkOrder } from '../modules/workorders';
import { assessTicket, createTicket } from '../modules/tickets';
import { seededRandom } from './archive';

const DESCRIPTIONS: Record<string, [string, string][]> = {
  AC: [['no_cooling', '空调开机后不制冷，外机不转'], ['water_leak', '室内机滴水'], ['noise', '运行时异响明显']],
  WM: [['no_spin', '洗衣机不脱水'], ['water_leak', '底部漏水'], ['door_lock', '门锁打不开']],
  WH: [['no_ignition', '热水器打不着火'], ['no_hot_water', '水不热'], ['water_leak', '进水口漏水']],
};

export async function loadWorkDemo(ctx: AppContext): Promise<{ workOrders: number }> {
  const [{ n }] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from work_orders`);
  if (n > 0) return { workOrders: 0 };
  const assets = await queryRows<{ id: string; customerId: string; categoryCode: string }>(
    ctx.db,
    sql`select a.id, a.customer_id as "customerId", c.code as "categoryCode"
        from assets a join product_models m on m.id = a.model_id join product_categories c on c.id = m.category_id
        where c.code in ('AC', 'WM', 'WH') order by md5(a.serial_number) limit 30`,
  );
  const random = seededRandom(5);
  const actor: Actor = { ...SYSTEM_ACTOR, name: 'demo', displayName: '演示数据' };
  // The next day most technicians work (Monday to Saturday in the demo).
  let next = new Date(ctx.clock.now().getTime() + 86_400_000);
  if (new Date(`${shanghaiDate(next)}T00:00:00Z`).getUTCDay() === 0) next = new Date(next.getTime() + 86_400_000);
  const tomorrow = shanghaiDate(next);
  const waitingIds: string[] = [];
  const dispatchIds: string[] = [];
  for (const [index, asset] of assets.entries()) {
    const choices = DESCRIPTIONS[asset.categoryCode];
    const [faultCode, description] = choices[Math.floor(random() * choices.length)];
    const isInstallation = index % 5 === 4;
    const created = await createTicket(ctx, actor, { type: isInstallation ? 'installation' : 'repair', channel: 'hotline', customerId: asset.customerId, assetId: asset.id, description: isInstallation ? '新购机器预约上门安装' : description, urgency: 'normal', allowDuplicate: true }, { callerId: 'demo', isApiCaller: false });
    const ticketId = (created as { ticket: { id: string } }).ticket.id;
    await assessTicket(ctx, SYSTEM_PRINCIPAL, actor, ticketId, { faultClass: 'performance', faultCode: isInstallation ? 'installation' : faultCode, impact: 'medium', urgency: 'normal', exclusions: [] });
    const morning = index % 2 === 0;
    const order = await createWorkOrder(ctx, SYSTEM_PRINCIPAL, actor, ticketId, {
      type: isInstallation ? 'installation' : 'repair',
      priority: index % 9 === 0 ? 'high' : 'normal',
      requiredGrade: 'junior',
      estimatedMinutes: isInstallation ? 120 : 60,
      windowStart: `${tomorrow}T${morning ? '09:00' : '13:00'}:00+08:00`,
      windowEnd: `${tomorrow}T${morning ? '12:00' : '17:00'}:00+08:00`,
      materials: isInstallation ? [{ name: '安装支架', quantity: 1 }, { name: '铜管 3 米', quantity: 1 }] : [],
      note: null,
    });
    (index % 6 === 5 ? waitingIds : dispatchIds).push(order.id);
  }
  await autoDispatch(ctx, actor, { ids: dispatchIds });
  return { workOrders: dispatchIds.length + waitingIds.length };
}

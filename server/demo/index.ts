import type { Role } from '../../contracts/permissions';
import type { AppContext } from '../platform/context';
import { SYSTEM_ACTOR } from '../platform/principal';
import { createUser } from '../modules/auth';
import { createOutlet, findOutletWithCode } from '../modules/org';
import { loadArchiveDemo } from './archive';
import { loadDispatchDemo } from './dispatch';
import { loadWorkDemo } from './work';

/** The password of every demo staff account (the demo is for trying the system, not production). */
export const DEMO_PASSWORD = 'Demo2026pass';

const DEMO_OUTLETS = [
  { code: 'SH-PD-01', name: '浦东张江服务站', kind: 'own' as const, phone: '021-58881234', address: '上海市浦东新区张江路 665 号' },
  { code: 'SH-MH-02', name: '闵行莘庄合作网点', kind: 'partner' as const, phone: '021-64125678', address: '上海市闵行区莘松路 380 号' },
  { code: 'HZ-XH-03', name: '杭州西湖服务站', kind: 'own' as const, phone: '0571-87651234', address: '浙江省杭州市西湖区文三路 478 号' },
  { code: 'SZ-NS-04', name: '深圳南山合作网点', kind: 'partner' as const, phone: '0755-26781234', address: '广东省深圳市南山区科技南十二路 18 号' },
  { code: 'BJ-HD-05', name: '北京海淀服务站', kind: 'own' as const, phone: '010-62651234', address: '北京市海淀区知春路 63 号' },
];

const DEMO_USERS: { username: string; displayName: string; roles: Role[]; outlet?: string; phone: string }[] = [
  { username: 'manager', displayName: '王建国', roles: ['manager'], phone: '13801234567' },
  { username: 'agent', displayName: '李晓梅', roles: ['agent'], phone: '13912345678' },
  { username: 'dispatcher', displayName: '张伟', roles: ['dispatcher'], phone: '13656781234' },
  { username: 'supervisor', displayName: '陈静', roles: ['supervisor'], phone: '13798765432' },
  { username: 'parts', displayName: '刘洋', roles: ['parts_keeper'], phone: '15012348765' },
  { username: 'tech.zhao', displayName: '赵磊', roles: ['technician'], outlet: 'SH-PD-01', phone: '18621345678' },
  { username: 'tech.sun', displayName: '孙海涛', roles: ['technician'], outlet: 'SH-MH-02', phone: '18917654321' },
  { username: 'tech.zhou', displayName: '周强', roles: ['technician'], outlet: 'HZ-XH-03', phone: '13357112345' },
  { username: 'outlet.minhang', displayName: '吴敏（莘庄网点）', roles: ['outlet'], outlet: 'SH-MH-02', phone: '13761234598' },
  { username: 'outlet.nanshan', displayName: '郑丽（南山网点）', roles: ['outlet'], outlet: 'SZ-NS-04', phone: '13528761234' },
];

/**
 * Loads the foundation's demo data: outlets in real districts and one staff account per
 * role. Idempotent: what exists already is left alone. Later modules add their own.
 */
export async function loadDemoData(ctx: AppContext): Promise<{ outlets: number; users: number; customers: number; assets: number; models: number; technicians: number; workOrders: number }> {
  let outletCount = 0;
  let userCount = 0;
  const outletIds = new Map<string, string>();
  for (const outlet of DEMO_OUTLETS) {
    const existing = await findOutletWithCode(ctx.db, outlet.code);
    if (existing) {
      outletIds.set(outlet.code, existing.id);
      continue;
    }
    const created = await createOutlet(ctx, SYSTEM_ACTOR, outlet);
    outletIds.set(outlet.code, created.id);
    outletCount += 1;
  }
  for (const user of DEMO_USERS) {
    try {
      await createUser(ctx, SYSTEM_ACTOR, {
        username: user.username,
        displayName: user.displayName,
        roles: user.roles,
        outletId: user.outlet ? outletIds.get(user.outlet) ?? null : null,
        phone: user.phone,
        password: DEMO_PASSWORD,
      });
      userCount += 1;
    } catch (error) {
      if ((error as { code?: string }).code !== 'conflict') throw error;
    }
  }
  const archive = await loadArchiveDemo(ctx);
  const dispatch = await loadDispatchDemo(ctx, { password: DEMO_PASSWORD });
  const work = await loadWorkDemo(ctx);
  return { outlets: outletCount, users: userCount + dispatch.users, ...archive, technicians: dispatch.technicians, workOrders: work.workOrders };
}

/**
 * The permission list and the role → permission map. The server enforces these on every
 * route (deny by default); the web app derives its menu from the same list.
 */

/** Every permission the system knows. A route declares exactly one of these (or `public` / `authenticated`). */
export const PERMISSIONS = [
  'users.read',
  'users.manage',
  'audit.read',
  'outlets.read',
  'outlets.manage',
  'tokens.manage',
  'settings.manage',
  'customers.read',
  'customers.write',
  'customers.merge',
  'customers.key',
  'customers.import',
  'customers.export',
  /** Sees customers' phone numbers in full in lists and details. */
  'customers.phones.full',
  /** May reveal one customer's full numbers on demand (audited). */
  'customers.phones.reveal',
  'products.read',
  'products.manage',
  'assets.read',
  'assets.write',
  'assets.warranty_override',
  'tickets.read',
  'tickets.create',
  'tickets.update',
  'notifications.read',
  /** Message templates (texts, provider codes, which events send on which channel), recipients' choices, resending a failed message. */
  'notifications.manage',
  /** Overrides the 三包 decision with a reason (a manager's call). */
  'tickets.sanbao_override',
  /** Technicians, their certifications, absences; vehicles. */
  'technicians.read',
  'technicians.manage',
  /** Work orders (派工单): read (scoped), create from a ticket. */
  'workorders.read',
  'workorders.create',
  /** Dispatch to outlets and technicians (manual, automatic, recall); outlet staff within their outlet. */
  'workorders.dispatch',
  /** The technician's own steps on the phone (accept, on the way, arrived, report, sign, complete). */
  'workorders.field',
  /** Verify completed work orders; cancel. */
  'workorders.verify',
  /** Day plans (次日计划) and dispatch settings. */
  'dispatch.plan',
  /** Workshop log (带回维修): units in and out. */
  'workshop.manage',
  /** Spare parts: catalogue, stock, ledger, requisitions, old parts (scoped: outlet staff their outlet's warehouses, technicians their own stock). */
  'parts.read',
  /** Sees parts' cost prices (without it costFen is null). */
  'parts.cost.read',
  /** Catalogue, warehouses, reorder points, receipts, scrap. */
  'parts.manage',
  /** Moves stock: transfers, issuing requisitions or marking shortages, old parts to the maker (within the scope). */
  'parts.move',
  /** Requests parts for a work order (派工前预审) and cancels the request. */
  'parts.requisition',
  /** Gives unused parts back and hands in old parts (技师退料、交旧件). */
  'parts.return',
  /** Stock counts (盘点): freeze a warehouse, enter counts, submit. */
  'parts.count',
  /** Approves a submitted count, which posts the differences as adjustments. */
  'parts.count.approve',
  /** Quality (质量管理): checklists, inspection queue, repeat repairs, quality figures (scoped: outlet staff their outlet's). */
  'quality.read',
  /** Checklists per work type and category (自检/终检项目). */
  'quality.checklists.manage',
  /** Final inspection (终检) of workshop repairs and installations; a failure sends the order back as rework. */
  'quality.inspect',
  /** Clears a false repeat-repair flag (with a reason) and recomputes the links. */
  'quality.repeat.clear',
  /** The rewards and penalties ledger (scoped: a technician their own entries, outlet staff their outlet's); appeal one's own entry. */
  'quality.ledger.read',
  /** Proposes an entry by hand for a person in scope. */
  'quality.ledger.propose',
  /** Approves, changes (with a reason) or rejects a proposed entry — never one's own. */
  'quality.ledger.decide',
  /** The rule catalogue and the quality settings. */
  'quality.rules.manage',
  /** Follow-ups (回访): the queue with the customer and the visit (customer data: agents, supervisors, managers). */
  'followups.read',
  /** Claims a follow-up, records the calls, the ratings and the review decision. */
  'followups.call',
  /** Assigns a follow-up to an agent. */
  'followups.assign',
  /** Complaints (投诉): list, detail with the timeline, statistics and the Excel export (outlet staff: their outlet's). */
  'complaints.read',
  /** Accepts complaints (any channel, from a follow-up), starts the investigation, agrees the plan, proposes compensation, reports resolved, reopens. */
  'complaints.handle',
  /** The responsibility analysis, the verification call-back and closing (supervisors). */
  'complaints.investigate',
  /** Approves or rejects a compensation up to the approver's limit (complaints.settings). */
  'complaints.approve',
  /** Edits the follow-up policy (followups.settings). */
  'followups.settings',
  /** The weekly follow-up audit (回访稽核): draws the sample, calls again, records the result — never one's own follow-up. */
  'followups.audit',
  /** Periodic visits (定期回访): generates the quarterly plan and assigns it to agents or outlets. */
  'followups.periodic',
  /** Returns and exchanges (退换货) and the unit stock: list and detail (outlet staff: their outlet's). */
  'returns.read',
  /** Starts a return from a ticket's 三包 decision (refund / exchange). */
  'returns.request',
  /** Starts a return without a 三包 decision (a manager's own call). */
  'returns.manage',
  /** Approves or rejects a return up to the approver's limit (returns.settings). */
  'returns.approve',
  /** Receipt inspection, completing the remedy, receiving new units, shipping units back to the maker. */
  'returns.inspect',
  /** Loaner units (借机): the pool, loans and the overdue list (outlet staff: their outlet's). */
  'loaners.read',
  /** Adds units to an outlet's loaner pool. */
  'loaners.manage',
  /** Lends a loaner against a ticket and takes it back. */
  'loaners.lend',
  /** Maker claims (厂家索赔): rules, lines, batches, recovery figures. */
  'claims.read',
  /** Edits claim rules, batches lines, submits batches, records the maker's answer and payment. */
  'claims.manage',
  /** Billing (issue 13): bills, quotes, payments and invoices of work orders in the scope. */
  'billing.read',
  /** Quotes a work order, adds on-site lines, takes the customer's confirmation, proposes a discount or waiver. */
  'billing.quote',
  /** Records payments and pay links, asks for an invoice. */
  'billing.collect',
  /** Decides discount and waiver proposals (outlet staff: only up to the outlet head's threshold, their outlet's). */
  'billing.approve',
  /** Refunds, cash hand-in and the day's reconciliation, receivables, issuing and exporting invoices. */
  'billing.finance',
  /** Edits the fee schedule and the piece rates (new versions). */
  'billing.schedule.manage',
  /** Settlement statements (结算单): outlet staff their outlet's, technicians their own. */
  'settlement.read',
  /** Confirms or disputes the lines of one's own statement. */
  'settlement.confirm',
  /** Generates statements, adds deductions, resolves disputes, approves (locks). */
  'settlement.manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/**
 * Route access levels that are not permissions: anyone, any signed-in staff principal, or a
 * customer signed in to the portal with a verified phone.
 */
export type RouteAccess = Permission | 'public' | 'authenticated' | 'portal';

export const ROLES = [
  'admin',
  'manager',
  'agent',
  'dispatcher',
  'technician',
  'outlet',
  'supervisor',
  'parts_keeper',
] as const;

export type Role = (typeof ROLES)[number];

/** Labels for roles, in both UI languages. */
export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  manager: { zh: '售后经理', en: 'After-sales manager' },
  agent: { zh: '客服', en: 'Service agent' },
  dispatcher: { zh: '派工员', en: 'Dispatcher' },
  technician: { zh: '技师', en: 'Technician' },
  outlet: { zh: '服务网点', en: 'Service outlet' },
  supervisor: { zh: '质检员', en: 'Supervisor' },
  parts_keeper: { zh: '备件主管', en: 'Parts keeper' },
};

/**
 * What each role may do. Only the rights the role needs (MISSION.md): customer data and
 * staff records stay with the roles whose work requires them.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [...PERMISSIONS],
  manager: [
    'users.read', 'audit.read', 'outlets.read',
    'customers.read', 'customers.write', 'customers.merge', 'customers.key', 'customers.import', 'customers.export', 'customers.phones.full',
    'products.read', 'assets.read', 'assets.write', 'assets.warranty_override',
    'tickets.read', 'tickets.create', 'tickets.update', 'notifications.read', 'tickets.sanbao_override',
    'technicians.read', 'technicians.manage', 'workorders.read', 'workorders.create', 'workorders.dispatch', 'workorders.verify', 'dispatch.plan', 'workshop.manage',
    'parts.read', 'parts.cost.read', 'parts.requisition', 'parts.count.approve',
    'quality.read', 'quality.checklists.manage', 'quality.ledger.read', 'quality.ledger.propose', 'quality.ledger.decide', 'quality.rules.manage',
    'followups.read', 'followups.call', 'followups.assign', 'followups.settings', 'followups.audit', 'followups.periodic',
    'complaints.read', 'complaints.handle', 'complaints.investigate', 'complaints.approve',
    'returns.read', 'returns.request', 'returns.manage', 'returns.approve', 'returns.inspect', 'loaners.read', 'loaners.manage', 'loaners.lend', 'claims.read', 'claims.manage',
    'billing.read', 'billing.quote', 'billing.collect', 'billing.approve', 'billing.finance', 'billing.schedule.manage', 'settlement.read', 'settlement.manage',
  ],
  agent: ['outlets.read', 'customers.read', 'customers.write', 'customers.phones.full', 'products.read', 'assets.read', 'assets.write', 'tickets.read', 'tickets.create', 'tickets.update', 'workorders.read', 'workorders.create', 'followups.read', 'followups.call', 'complaints.read', 'complaints.handle', 'returns.read', 'returns.request', 'loaners.read', 'billing.read', 'billing.quote', 'billing.collect'],
  dispatcher: [
    'outlets.read', 'users.read', 'customers.read', 'customers.write', 'customers.phones.full', 'products.read', 'assets.read', 'assets.write', 'tickets.read', 'tickets.update',
    'technicians.read', 'workorders.read', 'workorders.create', 'workorders.dispatch', 'dispatch.plan', 'workshop.manage',
    'parts.read', 'parts.requisition',
    'quality.read',
    'loaners.read', 'loaners.lend',
  ],
  technician: ['outlets.read', 'customers.read', 'customers.phones.reveal', 'products.read', 'assets.read', 'tickets.read', 'workorders.read', 'workorders.field', 'workshop.manage', 'parts.read', 'parts.requisition', 'parts.return', 'quality.ledger.read', 'billing.read', 'billing.quote', 'billing.collect', 'settlement.read', 'settlement.confirm'],
  outlet: [
    'outlets.read', 'users.read', 'customers.read', 'customers.phones.reveal', 'products.read', 'assets.read', 'tickets.read', 'technicians.read', 'workorders.read', 'workorders.dispatch', 'workshop.manage',
    'parts.read', 'parts.move', 'parts.requisition', 'parts.return', 'parts.count',
    'quality.read', 'quality.ledger.read', 'quality.ledger.propose',
    'returns.read', 'returns.request', 'returns.inspect', 'loaners.read', 'loaners.manage', 'loaners.lend',
    'complaints.read',
    'billing.read', 'billing.quote', 'billing.collect', 'billing.approve', 'billing.finance', 'settlement.read', 'settlement.confirm',
  ],
  supervisor: [
    'outlets.read', 'customers.read', 'customers.phones.reveal', 'products.read', 'assets.read', 'tickets.read', 'technicians.read', 'workorders.read', 'workorders.verify',
    'quality.read', 'quality.checklists.manage', 'quality.inspect', 'quality.repeat.clear', 'quality.ledger.read', 'quality.ledger.propose',
    'followups.read', 'followups.call', 'followups.assign', 'followups.audit', 'followups.periodic',
    'complaints.read', 'complaints.handle', 'complaints.investigate', 'complaints.approve',
  ],
  parts_keeper: [
    'outlets.read', 'products.read', 'assets.read',
    'parts.read', 'parts.cost.read', 'parts.manage', 'parts.move', 'parts.requisition', 'parts.return', 'parts.count',
    'returns.read', 'returns.inspect', 'claims.read',
  ],
};

/**
 * How far a role's reads reach. `all`: the whole department; `outlet`: only records of the
 * user's own outlet; `self`: only the user's own records. Modules apply the scope to every
 * query through `server/platform/scope.ts`.
 */
export type DataScope = 'all' | 'outlet' | 'self';

export const ROLE_SCOPES: Record<Role, DataScope> = {
  admin: 'all',
  manager: 'all',
  agent: 'all',
  dispatcher: 'all',
  technician: 'self',
  outlet: 'outlet',
  supervisor: 'all',
  parts_keeper: 'all',
};

/** The union of the permissions of the given roles. */
export function permissionsOfRoles(roles: readonly Role[]): Permission[] {
  const granted = new Set<Permission>();
  for (const role of roles) for (const permission of ROLE_PERMISSIONS[role]) granted.add(permission);
  return PERMISSIONS.filter((permission) => granted.has(permission));
}

/** The widest scope among the given roles (`all` beats `outlet` beats `self`). */
export function scopeOfRoles(roles: readonly Role[]): DataScope {
  const scopes = roles.map((role) => ROLE_SCOPES[role]);
  if (scopes.includes('all')) return 'all';
  if (scopes.includes('outlet')) return 'outlet';
  return 'self';
}

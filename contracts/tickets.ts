import { z } from 'zod';
import { ZPageQuery, zPage } from './common';
import { ZAddressInput, ZPhone } from './customers';

export const TICKET_TYPES = [
  'installation',
  'repair',
  'maintenance',
  'inspection',
  'site_measurement',
  'installation_guidance',
  'return_exchange',
  'consultation',
  'complaint',
] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const TICKET_TYPE_LABELS: Record<TicketType, { zh: string; en: string }> = {
  installation: { zh: '安装', en: 'Installation' },
  repair: { zh: '维修', en: 'Repair' },
  maintenance: { zh: '保养', en: 'Maintenance' },
  inspection: { zh: '巡检', en: 'Inspection' },
  site_measurement: { zh: '量房', en: 'Site measurement' },
  installation_guidance: { zh: '铺贴指导', en: 'Installation guidance' },
  return_exchange: { zh: '退换', en: 'Return / exchange' },
  consultation: { zh: '咨询', en: 'Consultation' },
  complaint: { zh: '投诉', en: 'Complaint' },
};

export const TICKET_CHANNELS = ['hotline', 'email', 'online', 'walk_in', 'store_transfer', 'api'] as const;
export const TICKET_CHANNEL_LABELS: Record<(typeof TICKET_CHANNELS)[number], { zh: string; en: string }> = {
  hotline: { zh: '热线', en: 'Hotline' },
  email: { zh: '邮件', en: 'Email' },
  online: { zh: '在线', en: 'Online' },
  walk_in: { zh: '到店', en: 'Walk-in' },
  store_transfer: { zh: '专卖店传单', en: 'Store transfer' },
  api: { zh: '系统接口', en: 'API' },
};

export const URGENCIES = ['low', 'normal', 'high', 'urgent'] as const;

export const TICKET_STATUSES = [
  'new',
  'accepted',
  'assessed',
  'dispatched',
  'in_progress',
  'waiting_customer',
  'waiting_parts',
  'waiting_maker',
  'resolved',
  'closed',
  'cancelled',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_STATUS_LABELS: Record<TicketStatus, { zh: string; en: string }> = {
  new: { zh: '新建', en: 'New' },
  accepted: { zh: '已受理', en: 'Accepted' },
  assessed: { zh: '已评估', en: 'Assessed' },
  dispatched: { zh: '已派工', en: 'Dispatched' },
  in_progress: { zh: '处理中', en: 'In progress' },
  waiting_customer: { zh: '等待客户', en: 'Waiting for customer' },
  waiting_parts: { zh: '等待备件', en: 'Waiting for parts' },
  waiting_maker: { zh: '等待厂家', en: 'Waiting for maker' },
  resolved: { zh: '已解决', en: 'Resolved' },
  closed: { zh: '已关闭', en: 'Closed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

/** States that pause the SLA clocks. */
export const PENDING_STATUSES: readonly TicketStatus[] = ['waiting_customer', 'waiting_parts', 'waiting_maker'];
/** States in which a ticket counts as open. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'accepted', 'assessed', 'dispatched', 'in_progress', 'waiting_customer', 'waiting_parts', 'waiting_maker'];

/**
 * The allowed transitions (the one table the state machine follows). A pending state returns
 * only to the state it paused (checked by the service); resolved and closed tickets reopen
 * to `accepted` within the reopen window.
 */
export const TICKET_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['accepted', 'waiting_customer', 'cancelled'],
  accepted: ['assessed', 'waiting_customer', 'cancelled'],
  assessed: ['dispatched', 'resolved', 'waiting_customer', 'waiting_parts', 'waiting_maker', 'cancelled'],
  dispatched: ['in_progress', 'assessed', 'waiting_customer', 'waiting_parts', 'waiting_maker', 'cancelled'],
  in_progress: ['resolved', 'waiting_customer', 'waiting_parts', 'waiting_maker'],
  waiting_customer: ['new', 'accepted', 'assessed', 'dispatched', 'in_progress', 'cancelled'],
  waiting_parts: ['assessed', 'dispatched', 'in_progress', 'cancelled'],
  waiting_maker: ['assessed', 'dispatched', 'in_progress', 'cancelled'],
  resolved: ['closed', 'accepted'],
  closed: ['accepted'],
  cancelled: [],
};

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TICKET_TRANSITIONS[from].includes(to);
}

export const ZCreateTicketBody = z
  .strictObject({
    type: z.enum(TICKET_TYPES),
    channel: z.enum(TICKET_CHANNELS),
    /** An existing customer … */
    customerId: z.uuid().optional(),
    /** … or a new one registered on the spot. */
    newCustomer: z
      .strictObject({
        kind: z.enum(['person', 'organisation']).default('person'),
        name: z.string().trim().min(1).max(100),
        phone: ZPhone,
        address: ZAddressInput.omit({ id: true, isDefault: true, label: true }).optional(),
      })
      .optional(),
    assetId: z.uuid().nullable().optional(),
    faultCategory: z.string().trim().max(50).nullable().optional(),
    description: z.string().trim().min(1).max(4000),
    urgency: z.enum(URGENCIES).default('normal'),
    preferredFrom: z.iso.datetime({ offset: true }).nullable().optional(),
    preferredTo: z.iso.datetime({ offset: true }).nullable().optional(),
    contactName: z.string().trim().max(50).nullable().optional(),
    contactPhone: ZPhone.nullable().optional(),
    /** Units received together for repair (default 1): due in ceil(N/10) working days. */
    unitCount: z.number().int().min(1).max(10_000).optional(),
    /** Set after the duplicate warning: create a new ticket anyway. */
    allowDuplicate: z.boolean().optional(),
  })
  .refine((body) => Boolean(body.customerId) !== Boolean(body.newCustomer), { message: 'give customerId or newCustomer, not both', path: ['customerId'] })
  .refine((body) => !body.preferredFrom || !body.preferredTo || body.preferredFrom < body.preferredTo, { message: 'must be after preferredFrom', path: ['preferredTo'] });
export type TCreateTicketBody = z.infer<typeof ZCreateTicketBody>;

export const ZTransitionBody = z.strictObject({
  to: z.enum(TICKET_STATUSES),
  note: z.string().trim().max(2000).optional(),
  /** Whether the note is shown to the customer (portal); internal by default. */
  isNoteCustomerVisible: z.boolean().default(false),
});

export const ZTicketNoteBody = z.strictObject({
  text: z.string().trim().min(1).max(4000),
  isCustomerVisible: z.boolean().default(false),
});

export const ZTicketEvent = z.object({
  id: z.uuid(),
  at: z.string(),
  kind: z.string(),
  actorName: z.string().nullable(),
  fromStatus: z.enum(TICKET_STATUSES).nullable(),
  toStatus: z.enum(TICKET_STATUSES).nullable(),
  text: z.string().nullable(),
  isCustomerVisible: z.boolean(),
});

export const ZTicketSummary = z.object({
  id: z.uuid(),
  number: z.string(),
  type: z.enum(TICKET_TYPES),
  channel: z.enum(TICKET_CHANNELS),
  status: z.enum(TICKET_STATUSES),
  urgency: z.enum(URGENCIES),
  customerId: z.uuid(),
  customerName: z.string(),
  assetId: z.uuid().nullable(),
  description: z.string(),
  promisedFeedbackAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZTicketDetail = ZTicketSummary.extend({
  faultCategory: z.string().nullable(),
  preferredFrom: z.string().nullable(),
  preferredTo: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  address: z.string().nullable(),
  pausedFromStatus: z.enum(TICKET_STATUSES).nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  reopenCount: z.number().int(),
  unitCount: z.number().int(),
  sameDayReason: z.string().nullable(),
  committedAt: z.string().nullable(),
  assessment: z.lazy(() => ZAssessmentView).nullable(),
  /** The SLA clocks, evaluated now (Chinese working days; isProvisional when a date is in an unknown year). */
  clocks: z.array(
    z.object({
      kind: z.enum(['response', 'onsite', 'resolution']),
      status: z.enum(['running', 'paused', 'met', 'breached']),
      dueAt: z.string(),
      remainingMinutes: z.number(),
      overdueMinutes: z.number(),
      isAtRisk: z.boolean(),
      isProvisional: z.boolean(),
      targetMinutes: z.number(),
    }),
  ),
  allowedTransitions: z.array(z.enum(TICKET_STATUSES)),
  events: z.array(ZTicketEvent),
});

/** Answer to a create: the ticket, and whether it was an existing one (idempotent retry or duplicate). */
export const ZCreateTicketResult = z.object({
  ticket: ZTicketDetail,
  isExisting: z.boolean(),
  reason: z.enum(['created', 'idempotent_retry', 'duplicate_open_ticket']),
});

export const ZListTicketsQuery = ZPageQuery.extend({
  q: z.string().trim().max(50).optional(),
  status: z.enum(TICKET_STATUSES).optional(),
  isOpen: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  type: z.enum(TICKET_TYPES).optional(),
  customerId: z.uuid().optional(),
  assetId: z.uuid().optional(),
  /** Tickets with an open clock at risk of breaching, or breached. */
  sla: z.enum(['at_risk', 'breached']).optional(),
  /** Registered by me or assigned to me. */
  mine: z.enum(['true']).transform(() => true).optional(),
  /** Not yet dispatched to an outlet. */
  unassigned: z.enum(['true']).transform(() => true).optional(),
  outletId: z.uuid().optional(),
});

/** The agent workspace's queues with their counts (open tickets, scoped to the caller). */
export const ZQueueCounts = z.object({
  open: z.number().int(),
  mine: z.number().int(),
  unassigned: z.number().int(),
  atRisk: z.number().int(),
  breached: z.number().int(),
  byType: z.record(z.string(), z.number().int()),
  byOutlet: z.array(z.object({ outletId: z.uuid().nullable(), count: z.number().int() })),
});

export const ZSavedFilterBody = z.strictObject({
  name: z.string().trim().min(1).max(40),
  /** The list query to save (the same parameters as GET /api/tickets, without paging). */
  query: z.record(z.string().max(30), z.string().max(100)),
});
export const ZSavedFilter = z.object({ id: z.uuid(), name: z.string(), query: z.record(z.string(), z.string()), createdAt: z.string() });
export const ZTicketPage = zPage(ZTicketSummary);

export const FAULT_CLASSES = ['performance', 'appearance', 'none'] as const;
export const EXCLUSIONS = ['misuse', 'self_disassembly', 'wilful_damage', 'force_majeure'] as const;
export const EXCLUSION_LABELS: Record<(typeof EXCLUSIONS)[number], { zh: string; en: string }> = {
  misuse: { zh: '未按说明书使用', en: 'use against the manual' },
  self_disassembly: { zh: '自行拆装或改装', en: 'self-disassembly or modification' },
  wilful_damage: { zh: '人为损坏', en: 'wilful damage' },
  force_majeure: { zh: '自然灾害或不可抗力', en: 'natural disaster or force majeure' },
};
export const REMEDIES = ['refund', 'exchange', 'repair_free', 'repair_paid'] as const;
export const REMEDY_LABELS: Record<(typeof REMEDIES)[number], { zh: string; en: string }> = {
  refund: { zh: '退货', en: 'Refund' },
  exchange: { zh: '换货', en: 'Exchange' },
  repair_free: { zh: '免费维修', en: 'Free repair' },
  repair_paid: { zh: '有偿维修', en: 'Paid repair' },
};

/** The agent's or technician's fault assessment (评估). */
export const ZAssessmentBody = z.strictObject({
  faultClass: z.enum(FAULT_CLASSES),
  /** A short fault code from the category's fault list, e.g. `no_cooling`; repeats are counted by it. */
  faultCode: z.string().trim().min(1).max(50),
  impact: z.enum(['low', 'medium', 'high']),
  urgency: z.enum(URGENCIES),
  /** The fault found on site when it differs from the report. */
  actualFault: z.string().trim().max(500).nullable().optional(),
  /** Any of these turns the service paid, even in warranty. */
  exclusions: z.array(z.enum(EXCLUSIONS)).max(4).default([]),
  notes: z.string().trim().max(2000).nullable().optional(),
});

export const ZSanbaoOverrideBody = z.strictObject({
  remedy: z.enum(REMEDIES),
  reason: z.string().trim().min(2, 'say why').max(300),
});

export const ZAssessmentView = z.object({
  faultClass: z.enum(FAULT_CLASSES),
  faultCode: z.string(),
  impact: z.string(),
  urgency: z.string(),
  actualFault: z.string().nullable(),
  exclusions: z.array(z.enum(EXCLUSIONS)),
  notes: z.string().nullable(),
  warranty: z.object({ state: z.string(), endDate: z.string().nullable(), basis: z.object({ zh: z.string(), en: z.string() }) }),
  sanbao: z.object({
    remedies: z.array(z.enum(REMEDIES)),
    recommended: z.enum(REMEDIES).nullable(),
    rule: z.string(),
    reason: z.object({ zh: z.string(), en: z.string() }),
    daysSincePurchase: z.number().nullable(),
  }),
  isFree: z.boolean(),
  /** Why free or paid, in words. */
  chargeReason: z.object({ zh: z.string(), en: z.string() }),
  override: z.object({ remedy: z.enum(REMEDIES), reason: z.string(), by: z.string().nullable(), at: z.string() }).nullable(),
  assessedAt: z.string(),
  assessedBy: z.string().nullable(),
});
export type TAssessmentView = z.infer<typeof ZAssessmentView>;

/** Same-day rule: the reason a ticket is not solved today and the firm time promised. */
export const ZSameDayCommitmentBody = z.strictObject({
  reason: z.string().trim().min(2, 'say why').max(500),
  committedAt: z.iso.datetime({ offset: true }),
});

export const ZUnresolvedReportQuery = z.object({ date: z.iso.date().optional() });
export const ZUnresolvedReport = z.object({
  date: z.string(),
  items: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      type: z.enum(TICKET_TYPES),
      status: z.enum(TICKET_STATUSES),
      customerName: z.string(),
      createdAt: z.string(),
      sameDayReason: z.string().nullable(),
      committedAt: z.string().nullable(),
      isMissingCommitment: z.boolean(),
    }),
  ),
});

/**
 * Dispatch and field work (派工与上门服务): outlets' service areas, technicians, work orders and
 * their state table, automatic dispatch explanations, day plans, the technician's phone steps,
 * the workshop log. Shared by server and web.
 */
import { z } from 'zod';
import { ZPageQuery, zPage, zText } from './common';
import { LIMITS } from './limits';

/** Work types a visit can be (the field types of TICKET_TYPES). */
export const WORK_TYPES = ['installation', 'repair', 'maintenance', 'inspection', 'site_measurement', 'installation_guidance', 'return_exchange'] as const;
export type WorkType = (typeof WORK_TYPES)[number];

/** Technician grades, lowest first (初级, 中级, 高级, 技师). */
export const GRADES = ['junior', 'intermediate', 'senior', 'master'] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_LABELS: Record<Grade, { zh: string; en: string }> = {
  junior: { zh: '初级', en: 'Junior' },
  intermediate: { zh: '中级', en: 'Intermediate' },
  senior: { zh: '高级', en: 'Senior' },
  master: { zh: '技师', en: 'Master' },
};
export function gradeAtLeast(grade: Grade, required: Grade): boolean {
  return GRADES.indexOf(grade) >= GRADES.indexOf(required);
}

/** Certification kinds; `work_permit` (上岗证) is required for any dispatch. */
export const CERTIFICATION_KINDS = ['work_permit', 'electrician', 'refrigeration', 'height_work', 'gas'] as const;
export const CERTIFICATION_LABELS: Record<(typeof CERTIFICATION_KINDS)[number], { zh: string; en: string }> = {
  work_permit: { zh: '上岗证', en: 'Work permit' },
  electrician: { zh: '电工证', en: 'Electrician' },
  refrigeration: { zh: '制冷证', en: 'Refrigeration' },
  height_work: { zh: '高处作业证', en: 'Work at height' },
  gas: { zh: '燃气证', en: 'Gas' },
};

export const ABSENCE_KINDS = ['leave', 'training', 'other'] as const;
export const ABSENCE_LABELS: Record<(typeof ABSENCE_KINDS)[number], { zh: string; en: string }> = {
  leave: { zh: '请假', en: 'Leave' },
  training: { zh: '培训', en: 'Training' },
  other: { zh: '其他', en: 'Other' },
};

export const WORK_ORDER_STATUSES = [
  'waiting',
  'dispatched',
  'assigned',
  'on_the_way',
  'arrived',
  'in_progress',
  'completed',
  'not_completed',
  'verified',
  'cancelled',
] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/**
 * Timeline entries of a work order that are not a status change (the status ones are named by
 * the status they reach): what people read instead of the code.
 */
export const WORK_ORDER_EVENT_LABELS: Record<string, { zh: string; en: string }> = {
  report_saved: { zh: '保存服务记录', en: 'Work report saved' },
  signed: { zh: '客户签名', en: 'Customer signed' },
  photo_added: { zh: '上传现场照片', en: 'Site photo added' },
  feedback_overdue: { zh: '网点派工反馈超时', en: 'Outlet feedback overdue' },
  parts_short: { zh: '缺料，等待备件', en: 'Parts short: waiting for parts' },
  parts_ready: { zh: '备件已备齐', en: 'Parts ready' },
  parts_issued: { zh: '部分备件已发放', en: 'Some parts issued' },
  rework: { zh: '终检不合格，返工', en: 'Failed inspection: rework' },
};

/** The label of a timeline entry's kind, or undefined for a kind without one. */
export function workOrderEventLabel(kind: string, locale: 'zh' | 'en'): string | undefined {
  return WORK_ORDER_EVENT_LABELS[kind]?.[locale];
}

export const WORK_ORDER_STATUS_LABELS: Record<WorkOrderStatus, { zh: string; en: string }> = {
  waiting: { zh: '待派工', en: 'Waiting for dispatch' },
  dispatched: { zh: '已派网点', en: 'Dispatched to outlet' },
  assigned: { zh: '已接单', en: 'Accepted' },
  on_the_way: { zh: '在途', en: 'On the way' },
  arrived: { zh: '已到达', en: 'Arrived' },
  in_progress: { zh: '服务中', en: 'In progress' },
  completed: { zh: '已完工', en: 'Completed' },
  not_completed: { zh: '未完工', en: 'Not completed' },
  verified: { zh: '已核验', en: 'Verified' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

/**
 * How a `dispatched` order reads once the outlet (or auto-dispatch) has named its technician but
 * the technician has not accepted yet: 已派技师, not 已派网点.
 */
export const DISPATCHED_TO_TECHNICIAN_LABEL = { zh: '已派技师', en: 'Sent to technician' } as const;

/**
 * The work order state table (the one the service follows; tested exhaustively).
 * `dispatched` means the outlet has the order (a technician may be proposed); `assigned` means
 * the technician accepted. A declined or recalled order returns to `waiting`.
 */
export const WORK_ORDER_TRANSITIONS: Record<WorkOrderStatus, readonly WorkOrderStatus[]> = {
  waiting: ['dispatched', 'cancelled'],
  dispatched: ['assigned', 'waiting', 'cancelled'],
  assigned: ['on_the_way', 'waiting', 'cancelled'],
  on_the_way: ['arrived', 'not_completed'],
  arrived: ['in_progress', 'not_completed'],
  in_progress: ['completed', 'not_completed'],
  completed: ['verified', 'in_progress'],
  not_completed: ['verified', 'waiting'],
  verified: [],
  cancelled: [],
};
export function canMoveWorkOrder(from: WorkOrderStatus, to: WorkOrderStatus): boolean {
  return WORK_ORDER_TRANSITIONS[from].includes(to);
}
/** States in which the order occupies its technician's day. */
export const BOOKED_STATUSES: readonly WorkOrderStatus[] = ['dispatched', 'assigned', 'on_the_way', 'arrived', 'in_progress'];
/** States in which the order is still to be done. */
export const ACTIVE_STATUSES: readonly WorkOrderStatus[] = ['waiting', ...BOOKED_STATUSES];

export const NOT_COMPLETED_REASONS = ['parts_needed', 'customer_absent', 'escalate_supervisor', 'escalate_maker', 'workshop'] as const;
export type NotCompletedReason = (typeof NOT_COMPLETED_REASONS)[number];
export const NOT_COMPLETED_LABELS: Record<NotCompletedReason, { zh: string; en: string }> = {
  parts_needed: { zh: '需要备件', en: 'Parts needed' },
  customer_absent: { zh: '客户不在', en: 'Customer absent' },
  escalate_supervisor: { zh: '升级技术主管', en: 'Escalate to technical supervisor' },
  escalate_maker: { zh: '升级厂家', en: 'Escalate to the maker' },
  workshop: { zh: '带回维修', en: 'Taken back to the workshop' },
};

export const PRIORITIES = ['normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

// ---- JSON shapes stored in jsonb columns ----

export const ZOutletContact = z.strictObject({ name: zText(50), phone: z.string().trim().max(30).nullable().optional(), title: z.string().trim().max(50).nullable().optional() });
export type OutletContact = z.infer<typeof ZOutletContact>;

export const ZTechnicianSkill = z.strictObject({ categoryId: z.uuid().nullable(), workType: z.enum(WORK_TYPES) });
export type TechnicianSkill = z.infer<typeof ZTechnicianSkill>;

export const ZWorkOrderMaterial = z.strictObject({
  partCode: z.string().trim().max(64).nullable().optional(),
  name: zText(100),
  quantity: z.number().int().min(1).max(10_000),
  /** Whether the warehouse has confirmed it (the parts module will fill this in). */
  isConfirmed: z.boolean().optional(),
});
export type WorkOrderMaterial = z.infer<typeof ZWorkOrderMaterial>;

export const ZPartUsed = z.strictObject({
  /**
   * A part of the catalogue taken from the technician's own stock: the server fills in its
   * number, name and price (0 in warranty) and completing the visit deducts it. Without it the
   * line is free text (a part bought on site), priced as typed.
   */
  partId: z.uuid().nullable().optional(),
  partCode: z.string().trim().max(64).nullable().optional(),
  name: zText(100),
  quantity: z.number().int().min(1).max(1000),
  /** Unit price charged, in fen (0 when free). */
  unitPriceFen: z.number().int().min(0).max(100_000_000).default(0),
  /** Serial numbers of a serial-tracked part (one per unit). */
  serials: z.array(z.string().trim().min(1).max(64)).max(1000).optional(),
  /** The replaced part's serial, for an old part that goes back to the maker. */
  oldPartSerial: z.string().trim().max(64).nullable().optional(),
  /** Set by the server: the visit is free under warranty, the part is recorded for the maker claim. */
  isWarranty: z.boolean().optional(),
});

export type WorkOrderResult = {
  diagnosis?: string | null;
  actualFault?: string | null;
  workDone?: string | null;
  partsUsed?: z.infer<typeof ZPartUsed>[];
  labourMinutes?: number | null;
  labourFeeFen?: number | null;
  /** What the customer paid and what the rules said, with the reason when they differ. */
  feeCollectedFen?: number | null;
  feeExpectedFen?: number | null;
  feeReason?: string | null;
};

/** Why one candidate was chosen or excluded. */
export type DispatchCandidate = {
  id: string;
  name: string;
  reason: string;
  distanceKm?: number | null;
  load?: number;
  /** A technician's outlet (so outlet staff see only their own colleagues among the excluded). */
  outletId?: string;
};
export type DispatchExplanation = {
  mode: 'auto' | 'manual';
  at: string;
  outlet: { chosen: DispatchCandidate | null; excluded: DispatchCandidate[] };
  technician: { chosen: DispatchCandidate | null; excluded: DispatchCandidate[] };
  /** The whole explanation in one sentence (Chinese), as shown to dispatchers. */
  summary: string;
};

export type PlanStop = { workOrderId: string; number: string; arrival: string; start: string; end: string; travelMinutes: number; address: string };
export type PlanUnplaced = { workOrderId: string; number: string; reason: string };

// ---- API bodies and views ----

const minuteOfDay = z.number().int().min(0).max(24 * 60);

export const ZOutletAreaFields = {
  districtCode: z.string().regex(/^\d{6}$/, 'a 6-digit division code').nullable().optional(),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  serviceDistricts: z.array(z.string().regex(/^\d{6}$/, 'a 6-digit division code')).max(200).optional(),
  serviceRadiusKm: z.number().positive().max(500).nullable().optional(),
  dailyCapacity: z.partialRecord(z.enum(WORK_TYPES), z.number().int().min(0).max(10_000)).optional(),
  workStartMinute: minuteOfDay.optional(),
  workEndMinute: minuteOfDay.optional(),
  contacts: z.array(ZOutletContact).max(20).optional(),
};

export const ZTechnicianView = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  username: z.string().nullable(),
  outletId: z.uuid(),
  outletName: z.string().nullable(),
  name: z.string(),
  phone: z.string().nullable(),
  grade: z.enum(GRADES),
  skills: z.array(ZTechnicianSkill),
  workingDays: z.array(z.number().int()),
  workStartMinute: z.number().int(),
  workEndMinute: z.number().int(),
  maxOrdersPerDay: z.number().int(),
  baseLatitude: z.number().nullable(),
  baseLongitude: z.number().nullable(),
  baseAddress: z.string().nullable(),
  vehicleId: z.uuid().nullable(),
  isActive: z.boolean(),
  certifications: z.array(z.object({ id: z.uuid(), kind: z.enum(CERTIFICATION_KINDS), number: z.string().nullable(), issuedOn: z.string().nullable(), expiresOn: z.string(), isValid: z.boolean() })),
  absences: z.array(z.object({ id: z.uuid(), kind: z.enum(ABSENCE_KINDS), startsAt: z.string(), endsAt: z.string(), note: z.string().nullable() })),
  /** Whether a valid 上岗证 is on file today. */
  isDispatchable: z.boolean(),
});
export type TTechnicianView = z.infer<typeof ZTechnicianView>;

export const ZCreateTechnicianBody = z.strictObject({
  userId: z.uuid(),
  outletId: z.uuid(),
  phone: z.string().trim().max(30).nullable().optional(),
  grade: z.enum(GRADES),
  skills: z.array(ZTechnicianSkill).max(100).default([]),
  workingDays: z.array(z.number().int().min(1).max(7)).max(7).optional(),
  workStartMinute: minuteOfDay.optional(),
  workEndMinute: minuteOfDay.optional(),
  maxOrdersPerDay: z.number().int().min(1).max(50).optional(),
  baseLatitude: z.number().min(-90).max(90).nullable().optional(),
  baseLongitude: z.number().min(-180).max(180).nullable().optional(),
  baseAddress: z.string().trim().max(LIMITS.textMax).nullable().optional(),
  vehicleId: z.uuid().nullable().optional(),
});
export const ZUpdateTechnicianBody = ZCreateTechnicianBody.omit({ userId: true }).partial().extend({ isActive: z.boolean().optional() });

export const ZCertificationBody = z.strictObject({
  kind: z.enum(CERTIFICATION_KINDS),
  number: z.string().trim().max(64).nullable().optional(),
  issuedOn: z.iso.date().nullable().optional(),
  expiresOn: z.iso.date(),
});
export const ZAbsenceBody = z
  .strictObject({ kind: z.enum(ABSENCE_KINDS), startsAt: z.iso.datetime({ offset: true }), endsAt: z.iso.datetime({ offset: true }), note: z.string().trim().max(LIMITS.textMax).nullable().optional() })
  .refine((body) => body.startsAt < body.endsAt, { message: 'must be after startsAt', path: ['endsAt'] });

export const ZVehicleBody = z.strictObject({ outletId: z.uuid(), plate: zText(20), name: z.string().trim().max(50).nullable().optional(), isActive: z.boolean().optional() });
export const ZVehicleView = z.object({ id: z.uuid(), outletId: z.uuid(), plate: z.string(), name: z.string().nullable(), isActive: z.boolean() });

export const ZCreateWorkOrderBody = z
  .strictObject({
    type: z.enum(WORK_TYPES),
    priority: z.enum(PRIORITIES).default('normal'),
    requiredGrade: z.enum(GRADES).default('junior'),
    estimatedMinutes: z.number().int().min(10).max(24 * 60).default(60),
    windowStart: z.iso.datetime({ offset: true }),
    windowEnd: z.iso.datetime({ offset: true }),
    /** One of the customer's addresses; the default address when omitted. */
    addressId: z.uuid().optional(),
    materials: z.array(ZWorkOrderMaterial).max(50).default([]),
    note: z.string().trim().max(2000).nullable().optional(),
  })
  .refine((body) => body.windowStart < body.windowEnd, { message: 'must be after windowStart', path: ['windowEnd'] });

export const ZWorkOrderEvent = z.object({
  id: z.uuid(),
  at: z.string(),
  kind: z.string(),
  actorName: z.string().nullable(),
  fromStatus: z.enum(WORK_ORDER_STATUSES).nullable(),
  toStatus: z.enum(WORK_ORDER_STATUSES).nullable(),
  text: z.string().nullable(),
});

export const ZWorkOrderView = z.object({
  id: z.uuid(),
  number: z.string(),
  ticketId: z.uuid(),
  ticketNumber: z.string(),
  customerId: z.uuid(),
  customerName: z.string().nullable(),
  assetId: z.uuid().nullable(),
  categoryId: z.uuid().nullable(),
  type: z.enum(WORK_TYPES),
  status: z.enum(WORK_ORDER_STATUSES),
  priority: z.enum(PRIORITIES),
  requiredGrade: z.enum(GRADES),
  estimatedMinutes: z.number().int(),
  windowStart: z.string(),
  windowEnd: z.string(),
  serviceDate: z.string(),
  address: z.string(),
  districtCode: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  contactName: z.string().nullable(),
  /** Masked unless the principal may see full numbers or is the assigned technician. */
  contactPhone: z.string().nullable(),
  materials: z.array(ZWorkOrderMaterial),
  note: z.string().nullable(),
  outletId: z.uuid().nullable(),
  outletName: z.string().nullable(),
  technicianId: z.uuid().nullable(),
  technicianName: z.string().nullable(),
  dispatchMode: z.enum(['auto', 'manual']).nullable(),
  explanation: z.any().nullable(),
  dispatchedAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  onTheWayAt: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  notCompletedReason: z.enum(NOT_COMPLETED_REASONS).nullable(),
  notCompletedNote: z.string().nullable(),
  declineReason: z.string().nullable(),
  result: z.any().nullable(),
  hasSignature: z.boolean(),
  signedAt: z.string().nullable(),
  feedbackOverdue: z.boolean(),
  routeSeq: z.number().int().nullable(),
  plannedStart: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TWorkOrderView = z.infer<typeof ZWorkOrderView>;
export const ZWorkOrderDetail = ZWorkOrderView.extend({
  events: z.array(ZWorkOrderEvent),
  photos: z.array(z.object({ id: z.uuid(), contentType: z.string(), caption: z.string().nullable(), createdAt: z.string() })),
  allowedTransitions: z.array(z.enum(WORK_ORDER_STATUSES)),
});
export type TWorkOrderDetail = z.infer<typeof ZWorkOrderDetail>;

export const ZListWorkOrdersQuery = ZPageQuery.extend({
  status: z.string().regex(/^[a-z_]+(,[a-z_]+)*$/).optional(),
  outletId: z.uuid().optional(),
  technicianId: z.uuid().optional(),
  ticketId: z.uuid().optional(),
  date: z.iso.date().optional(),
  type: z.enum(WORK_TYPES).optional(),
  /** Dispatched to an outlet with no confirmed technician past the feedback time. */
  feedbackOverdue: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(64).optional(),
});
export const ZWorkOrderPage = zPage(ZWorkOrderView);

/** Manual dispatch: an outlet, and optionally one of its technicians. */
export const ZManualDispatchBody = z.strictObject({
  outletId: z.uuid(),
  technicianId: z.uuid().nullable().optional(),
  /** Optimistic check: the version the dispatcher saw (409 when someone moved it meanwhile). */
  version: z.number().int().optional(),
  /** Move the planned start (drag on the board); must stay inside the appointment window. */
  plannedStart: z.iso.datetime({ offset: true }).optional(),
});

export const ZAutoDispatchBody = z.strictObject({
  /** Orders to dispatch; all waiting orders when omitted. */
  workOrderIds: z.array(z.uuid()).max(5000).optional(),
  type: z.enum(WORK_TYPES).optional(),
});
export const ZAutoDispatchResult = z.object({
  assigned: z.number().int(),
  outletOnly: z.number().int(),
  unassigned: z.number().int(),
  items: z.array(z.object({ workOrderId: z.uuid(), number: z.string(), status: z.enum(WORK_ORDER_STATUSES), summary: z.string() })),
});

export const ZWorkOrderTransitionBody = z.strictObject({
  to: z.enum(WORK_ORDER_STATUSES),
  note: z.string().trim().max(2000).optional(),
});

// ---- The technician's phone steps (each carries a client step id: a retry is applied once) ----

const stepId = z.string().trim().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');

export const ZAcceptBody = z.strictObject({ clientStepId: stepId });
export const ZDeclineBody = z.strictObject({ clientStepId: stepId, reason: zText(500) });
export const ZOnTheWayBody = z.strictObject({ clientStepId: stepId });
export const ZArrivedBody = z.strictObject({
  clientStepId: stepId,
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
});
export const ZStartBody = z.strictObject({ clientStepId: stepId });
export const ZWorkReportBody = z.strictObject({
  clientStepId: stepId,
  diagnosis: z.string().trim().max(2000).nullable().optional(),
  actualFault: z.string().trim().max(500).nullable().optional(),
  workDone: z.string().trim().max(2000).nullable().optional(),
  partsUsed: z.array(ZPartUsed).max(50).optional(),
  labourMinutes: z.number().int().min(0).max(24 * 60).nullable().optional(),
  labourFeeFen: z.number().int().min(0).max(100_000_000).nullable().optional(),
  feeCollectedFen: z.number().int().min(0).max(100_000_000).nullable().optional(),
  feeReason: z.string().trim().max(500).nullable().optional(),
});
export const ZSignatureBody = z.strictObject({
  clientStepId: stepId,
  /** A PNG or JPEG data URL drawn on screen (at most 512 KiB decoded). */
  dataUrl: z.string().max(800_000).regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/, 'a PNG or JPEG data URL'),
});
export const ZCompleteBody = z.strictObject({ clientStepId: stepId });
export const ZNotCompletedBody = z.strictObject({
  clientStepId: stepId,
  reason: z.enum(NOT_COMPLETED_REASONS),
  note: z.string().trim().max(2000).nullable().optional(),
  /** For `workshop`: what unit is taken back and in what condition (goes on the receipt). */
  unitDescription: z.string().trim().max(500).nullable().optional(),
  condition: z.string().trim().max(500).nullable().optional(),
});
export const SIGNATURE_MAX_BYTES = 512 * 1024;

export const ZWorkshopEntry = z.object({
  id: z.uuid(),
  receiptNumber: z.string(),
  workOrderId: z.uuid(),
  workOrderNumber: z.string().nullable(),
  ticketId: z.uuid(),
  assetId: z.uuid().nullable(),
  direction: z.enum(['in', 'out']),
  at: z.string(),
  unitDescription: z.string(),
  condition: z.string().nullable(),
  note: z.string().nullable(),
  actorName: z.string().nullable(),
});
export const ZWorkshopOutBody = z.strictObject({ note: z.string().trim().max(500).nullable().optional() });

// ---- Day plans ----

export const ZPlanQuery = z.object({ outletId: z.uuid(), date: z.iso.date() });
export const ZDayPlanView = z.object({
  id: z.uuid(),
  outletId: z.uuid(),
  planDate: z.string(),
  status: z.enum(['draft', 'published']),
  unplaced: z.array(z.object({ workOrderId: z.uuid(), number: z.string(), reason: z.string() })),
  totalTravelMinutes: z.number().int(),
  totalDistanceKm: z.number(),
  routes: z.array(
    z.object({
      id: z.uuid(),
      technicianId: z.uuid(),
      technicianName: z.string(),
      vehicleId: z.uuid().nullable(),
      vehiclePlate: z.string().nullable(),
      travelMinutes: z.number().int(),
      distanceKm: z.number(),
      stops: z.array(z.object({ workOrderId: z.uuid(), number: z.string(), arrival: z.string(), start: z.string(), end: z.string(), travelMinutes: z.number(), address: z.string() })),
    }),
  ),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type TDayPlanView = z.infer<typeof ZDayPlanView>;
/** Hand adjustment of a draft: move a stop to another route / position, or set a route's vehicle. */
export const ZAdjustPlanBody = z.strictObject({
  moves: z.array(z.strictObject({ workOrderId: z.uuid(), technicianId: z.uuid(), position: z.number().int().min(0).max(100) })).max(200).optional(),
  vehicles: z.array(z.strictObject({ technicianId: z.uuid(), vehicleId: z.uuid().nullable() })).max(200).optional(),
});

// ---- Settings ----

/** Batch times (HH:MM, Asia/Shanghai) and timing rules of dispatch. */
export const ZDispatchSettings = z.strictObject({
  /** Installation batches off-season and in peak season; peak months (1–12). */
  installationOffSeason: z.array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)).max(24),
  installationPeak: z.array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)).max(24),
  peakMonths: z.array(z.number().int().min(1).max(12)).max(12),
  /** Repair and the other types: every N minutes. */
  otherEveryMinutes: z.number().int().min(5).max(24 * 60),
  /** Minutes an outlet has to confirm a technician before the order is flagged for chasing. */
  feedbackMinutes: z.number().int().min(5).max(7 * 24 * 60),
  /** When the next day's routes are planned (HH:MM). */
  dayPlanAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
});
export type TDispatchSettings = z.infer<typeof ZDispatchSettings>;
export const DEFAULT_DISPATCH_SETTINGS: TDispatchSettings = {
  installationOffSeason: ['12:00', '17:00'],
  installationPeak: ['10:30', '12:30', '15:30', '19:30'],
  peakMonths: [5, 6, 7, 8],
  otherEveryMinutes: 60,
  feedbackMinutes: 120,
  dayPlanAt: '17:30',
};

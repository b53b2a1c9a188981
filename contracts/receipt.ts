/**
 * The service receipt (服务回执单) of a work order, as `GET /api/work-orders/:id/receipt`
 * answers it and the printable page shows it. Only zod and contracts here, so the web app may
 * import it.
 */
import { z } from 'zod';
import { NOT_COMPLETED_REASONS, WORK_ORDER_STATUSES, WORK_TYPES, ZWorkshopEntry } from './dispatch';

export const ZReceiptPart = z.object({
  partCode: z.string().nullable(),
  name: z.string(),
  quantity: z.number().int(),
  unitPriceFen: z.number().int(),
  /** quantity × unit price. */
  amountFen: z.number().int(),
  /** A catalogue part used under warranty: free to the customer (保修), recorded for the maker claim. */
  isWarranty: z.boolean(),
  /** Serial numbers of a serial-tracked part. */
  serials: z.array(z.string()),
});

export const ZReceipt = z.object({
  workOrder: z.object({
    id: z.uuid(),
    number: z.string(),
    type: z.enum(WORK_TYPES),
    status: z.enum(WORK_ORDER_STATUSES),
    windowStart: z.string(),
    windowEnd: z.string(),
    notCompletedReason: z.enum(NOT_COMPLETED_REASONS).nullable(),
    notCompletedNote: z.string().nullable(),
  }),
  ticket: z.object({ id: z.uuid(), number: z.string(), type: z.string(), faultCategory: z.string().nullable(), description: z.string() }),
  customer: z.object({
    id: z.uuid(),
    name: z.string().nullable(),
    contactName: z.string().nullable(),
    /** Masked (`138****1234`) unless the reader sees full numbers or is the assigned technician. */
    phone: z.string().nullable(),
    address: z.string(),
  }),
  /** Null when the ticket has no asset (or the reader may not see it). */
  asset: z
    .object({ id: z.uuid(), brand: z.string().nullable(), modelName: z.string(), modelCode: z.string(), categoryName: z.string().nullable(), serialNumber: z.string() })
    .nullable(),
  outletName: z.string().nullable(),
  technicianName: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  diagnosis: z.string().nullable(),
  actualFault: z.string().nullable(),
  workDone: z.string().nullable(),
  partsUsed: z.array(ZReceiptPart),
  partsTotalFen: z.number().int(),
  labourMinutes: z.number().int().nullable(),
  labourFeeFen: z.number().int().nullable(),
  /** Labour fee + parts: what the rules say the customer pays. */
  feeExpectedFen: z.number().int(),
  feeCollectedFen: z.number().int().nullable(),
  feeReason: z.string().nullable(),
  hasSignature: z.boolean(),
  signedAt: z.string().nullable(),
  /** Where the signature image is served (null without a signature). */
  signatureUrl: z.string().nullable(),
  /** Units taken back to the workshop (带回维修) for this order: the 'in' entry is the customer's receipt. */
  workshop: z.array(ZWorkshopEntry),
  generatedAt: z.string(),
});
export type TReceipt = z.infer<typeof ZReceipt>;

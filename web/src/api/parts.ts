/** The spare parts API (issue 11): catalogue, warehouses with stock, ledger, Excel. */
import type { z } from 'zod';
import type {
  MovementKind,
  PartKind,
  PartsReadiness,
  PartUnit,
  RequisitionStatus,
  OldPartStatus,
  StockCondition,
  TransferStatus,
  WarehouseLevel,
  ZCreatePartBody,
  ZCreateRequisitionBody,
  ZLedgerRow,
  ZPartView,
  ZRequisitionView,
  ZReturnBody,
  ZStockRow,
  ZTechnicianWarehouses,
  ZTransferBody,
  ZCountView,
  ZCountSummary,
  ZSerialRow,
  CountStatus,
  ZOldPartView,
  ZDispatchOldPartsBody,
  ZTransferView,
  ZUpdatePartBody,
  ZWarehouseView,
} from '../../../contracts/parts';
import { http, withQuery, type Query } from './client';
import type { Page } from './types';

export type { MovementKind, PartKind, PartsReadiness, PartUnit, RequisitionStatus, StockCondition, TransferStatus, WarehouseLevel };
export type RequisitionView = z.infer<typeof ZRequisitionView>;
export type RequisitionFilters = { status?: RequisitionStatus; warehouseId?: string; workOrderId?: string };
export type CreateRequisitionBody = z.input<typeof ZCreateRequisitionBody>;
export type ReturnBody = z.input<typeof ZReturnBody>;
export type TechnicianWarehouses = z.infer<typeof ZTechnicianWarehouses>;
export type TransferView = z.infer<typeof ZTransferView>;
export type TransferBody = z.input<typeof ZTransferBody>;
export type OldPartView = z.infer<typeof ZOldPartView>;
export type OldPartFilters = { status?: OldPartStatus; technicianId?: string };
export type DispatchOldPartsBody = z.input<typeof ZDispatchOldPartsBody>;
export type CountView = z.infer<typeof ZCountView>;
export type CountSummary = z.infer<typeof ZCountSummary>;
export type CountFilters = { warehouseId?: string; status?: CountStatus; from?: string; to?: string };
export type SerialRow = z.infer<typeof ZSerialRow>;
export type SerialFilters = { partId?: string; condition?: StockCondition; q?: string };
export type CountLine = { partId: string; condition: StockCondition; countedQuantity: number };
export type TransferFilters = { status?: TransferStatus; warehouseId?: string };
export type ReadinessItem = { workOrderId: string; readiness: PartsReadiness };
export type PartView = z.infer<typeof ZPartView>;
export type CreatePartBody = z.input<typeof ZCreatePartBody>;
export type UpdatePartBody = z.input<typeof ZUpdatePartBody>;
export type WarehouseView = z.infer<typeof ZWarehouseView>;
export type StockRow = z.infer<typeof ZStockRow>;
export type LedgerRow = z.infer<typeof ZLedgerRow>;
export type LedgerPage = Page<LedgerRow> & { isTotalCapped: boolean };

export type PartFilters = { q?: string; kind?: PartKind; isActive?: 'true' | 'false'; modelId?: string };
export type StockFilters = { q?: string; kind?: PartKind; condition?: StockCondition; belowReorderPoint?: 'true' | 'false'; modelId?: string };
export type LedgerFilters = { warehouseId?: string; partId?: string; kind?: MovementKind; from?: string; to?: string };
type Paged<F> = F & { page: number; pageSize: number };

export const partsApi = {
  list: (query: Paged<PartFilters>) => http.get<Page<PartView>>('/api/parts', query),
  create: (body: CreatePartBody) => http.post<PartView>('/api/parts', body),
  update: (id: string, body: UpdatePartBody) => http.patch<PartView>(`/api/parts/${encodeURIComponent(id)}`, body),
  warehouses: (query: Paged<{ level?: WarehouseLevel; q?: string }>) => http.get<Page<WarehouseView>>('/api/parts/warehouses', query),
  stock: (warehouseId: string, query: Paged<StockFilters>) => http.get<Page<StockRow>>(`/api/parts/warehouses/${encodeURIComponent(warehouseId)}/stock`, query),
  ledger: (query: Paged<LedgerFilters>) => http.get<LedgerPage>('/api/parts/ledger', query),
  requisitions: (query: Paged<RequisitionFilters>) => http.get<Page<RequisitionView>>('/api/parts/requisitions', query),
  issueRequisition: (id: string) => http.post<{ requisition: RequisitionView; ledgerRows: number }>(`/api/parts/requisitions/${encodeURIComponent(id)}/issue`, {}),
  markShortage: (id: string) => http.post<RequisitionView>(`/api/parts/requisitions/${encodeURIComponent(id)}/shortage`, {}),
  get: (id: string) => http.get<PartView>(`/api/parts/${encodeURIComponent(id)}`),
  /** A requisition for a work order (派工前预审); 409 when short unless `allowShortage`. */
  createRequisition: (body: CreateRequisitionBody) => http.post<RequisitionView>('/api/parts/requisitions', body),
  cancelRequisition: (id: string) => http.post<RequisitionView>(`/api/parts/requisitions/${encodeURIComponent(id)}/cancel`, {}),
  /** Unused parts from a technician's stock back to the outlet or central warehouse (退料). */
  returnParts: (body: ReturnBody) => http.post<{ documentType: string; documentId: string; ledgerRows: number }>('/api/parts/returns', body),
  /** A technician's own stock and the warehouses to request from or return to. */
  /** Serials in stock in a warehouse (a technician: only their own stock). */
  serials: (warehouseId: string, query: Paged<SerialFilters>) => http.get<Page<SerialRow>>(`/api/parts/warehouses/${encodeURIComponent(warehouseId)}/serials`, query),
  technicianWarehouses: (technicianId: string) => http.get<TechnicianWarehouses>(`/api/parts/technicians/${encodeURIComponent(technicianId)}/warehouses`),
  /** The parts readiness of work orders (派工台): none, requested, shortage or ready. */
  /** Transfers between warehouses (调拨): in transit until the destination receives them. */
  transfers: (query: Paged<TransferFilters>) => http.get<Page<TransferView>>('/api/parts/transfers', query),
  createTransfer: (body: TransferBody) => http.post<{ transfer: TransferView; ledgerRows: number }>('/api/parts/transfers', body),
  receiveTransfer: (id: string) => http.post<{ transfer: TransferView; ledgerRows: number }>(`/api/parts/transfers/${encodeURIComponent(id)}/receive`, {}),
  /** Old parts (旧件) in scope; hand-in to a warehouse's defective stock; dispatch to the maker. */
  oldParts: (query: Paged<OldPartFilters>) => http.get<Page<OldPartView>>('/api/parts/old-parts', query),
  handInOldPart: (id: string, body: { warehouseId: string }) => http.post<{ oldPart: OldPartView; ledgerRows: number }>(`/api/parts/old-parts/${encodeURIComponent(id)}/hand-in`, body),
  dispatchOldParts: (body: DispatchOldPartsBody) => http.post<{ documentType: string; documentId: string; ledgerRows: number }>('/api/parts/old-parts/dispatch', body),
  /** Stock counts (盘点): opening freezes the warehouse; lines by the opener; approval by someone else. */
  counts: (query: Paged<CountFilters>) => http.get<Page<CountSummary>>('/api/parts/counts', query),
  count: (id: string) => http.get<CountView>(`/api/parts/counts/${encodeURIComponent(id)}`),
  openCount: (body: { warehouseId: string; note?: string }) => http.post<CountView>('/api/parts/counts', body),
  enterCountLines: (id: string, lines: CountLine[]) => http.put<CountView>(`/api/parts/counts/${encodeURIComponent(id)}/lines`, { lines }),
  submitCount: (id: string) => http.post<CountView>(`/api/parts/counts/${encodeURIComponent(id)}/submit`, {}),
  approveCount: (id: string) => http.post<{ count: CountView; ledgerRows: number }>(`/api/parts/counts/${encodeURIComponent(id)}/approve`, {}),
  readiness: (workOrderIds: string[]) => http.get<{ items: ReadinessItem[] }>('/api/parts/readiness', { workOrderIds: workOrderIds.join(',') }),
};

/** URLs of the Excel downloads (plain GETs with the session cookie). */
export const partsExcelUrls = {
  template: '/api/parts/import-template.xlsx',
  countSheet: (countId: string) => `/api/parts/counts/${encodeURIComponent(countId)}/sheet.xlsx`,
  /** PUT the filled count sheet here (body: the .xlsx file). */
  countSheetUpload: (countId: string) => `/api/parts/counts/${encodeURIComponent(countId)}/lines.xlsx`,
  catalogue: (filters: PartFilters = {}) => withQuery('/api/parts/export.xlsx', filters as Query),
};

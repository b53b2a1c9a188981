/** The customer and asset archive API: customers, products, assets, search, Excel. */
import type { z } from 'zod';
import type {
  ZCreateCustomerBody,
  ZCustomerDetail,
  ZCustomerSummary,
  ZPhoneView,
  ZSearchHit,
  ZUpdateCustomerBody,
} from '../../../contracts/customers';
import type { ZAssetView, ZCreateAssetBody, ZUpdateAssetBody, ZWarrantyCheck } from '../../../contracts/assets';
import type { ZCategoryView, ZCreateCategoryBody, ZCreateModelBody, ZModelView, ZUpdateCategoryBody, ZUpdateModelBody, ZWarrantyPolicy } from '../../../contracts/products';
import { ApiError, http, withQuery, type Query } from './client';
import type { ErrorCode, Ok, Page } from './types';

export type CustomerSummary = z.infer<typeof ZCustomerSummary>;
export type CustomerDetail = z.infer<typeof ZCustomerDetail>;
export type CreateCustomerBody = z.input<typeof ZCreateCustomerBody>;
export type UpdateCustomerBody = z.input<typeof ZUpdateCustomerBody>;
export type PhoneView = z.infer<typeof ZPhoneView>;
export type SearchHit = z.infer<typeof ZSearchHit>;
export type AssetView = z.infer<typeof ZAssetView>;
export type CreateAssetBody = z.input<typeof ZCreateAssetBody>;
export type UpdateAssetBody = z.input<typeof ZUpdateAssetBody>;
export type WarrantyCheck = z.infer<typeof ZWarrantyCheck>;
export type WarrantyState = WarrantyCheck['state'];
export type CategoryView = z.infer<typeof ZCategoryView>;
export type CreateCategoryBody = z.input<typeof ZCreateCategoryBody>;
export type UpdateCategoryBody = z.input<typeof ZUpdateCategoryBody>;
export type ModelView = z.infer<typeof ZModelView>;
export type CreateModelBody = z.input<typeof ZCreateModelBody>;
export type UpdateModelBody = z.input<typeof ZUpdateModelBody>;
export type WarrantyPolicy = z.infer<typeof ZWarrantyPolicy>;

export type CustomerFilters = {
  q?: string;
  kind?: 'person' | 'organisation';
  isKey?: 'true' | 'false';
  tag?: string;
  provinceCode?: string;
  cityCode?: string;
  districtCode?: string;
  sort?: 'name' | '-name' | 'createdAt' | '-createdAt';
};
export type CustomerQuery = CustomerFilters & { page: number; pageSize: number };

export type AssetFilters = {
  q?: string;
  customerId?: string;
  modelId?: string;
  categoryId?: string;
  status?: 'in_service' | 'returned' | 'scrapped';
  warranty?: 'in_warranty' | 'extended' | 'out_of_warranty';
  sort?: 'serialNumber' | '-serialNumber' | 'purchaseDate' | '-purchaseDate' | 'createdAt' | '-createdAt';
};
export type AssetQuery = AssetFilters & { page: number; pageSize: number };

export type ImportCounts = { rows: number; created: number; existing: number; invalid: number };
export type ImportProblem = { sheet: string; row: number; column: string; message: string };
export type ImportResult = { dryRun: boolean; customers: ImportCounts; assets: ImportCounts; problems: ImportProblem[] };
export type RevealedPhones = { phones: PhoneView[]; contacts: { id: string; name: string; phone: string | null }[] };
export type WarrantyLookup = { asset: { id: string; serialNumber: string; modelName: string; customerName: string }; warranty: WarrantyCheck };

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const id = (value: string) => encodeURIComponent(value);

export const archiveApi = {
  search: (q: string, limit = 10, signal?: AbortSignal) => http.get<{ items: SearchHit[] }>('/api/search', { q, limit }, signal),
  customers: {
    list: (query: CustomerQuery) => http.get<Page<CustomerSummary>>('/api/customers', query),
    get: (customerId: string) => http.get<CustomerDetail>(`/api/customers/${id(customerId)}`),
    phoneMatches: (phone: string) => http.get<{ items: CustomerSummary[] }>('/api/customers/phone-matches', { phone }),
    create: (body: CreateCustomerBody) => http.post<CustomerDetail>('/api/customers', body),
    update: (customerId: string, body: UpdateCustomerBody) => http.patch<CustomerDetail>(`/api/customers/${id(customerId)}`, body),
    revealPhones: (customerId: string) => http.post<RevealedPhones>(`/api/customers/${id(customerId)}/reveal-phones`, {}),
    setKey: (customerId: string, body: { isKey: boolean; reason: string }) => http.put<CustomerDetail>(`/api/customers/${id(customerId)}/key-status`, body),
    setRevenue: (customerId: string, body: { year: number; amountFen: number }) => http.put<Ok>(`/api/customers/${id(customerId)}/revenue`, body),
    keyReview: (year: number) => http.post<{ year: number; thresholdFen: number; promoted: number; demoted: number }>('/api/customers/key-review', { year }),
    keyThreshold: () => http.get<{ amountFen: number }>('/api/settings/key-customer-threshold'),
    setKeyThreshold: (amountFen: number) => http.put<{ amountFen: number }>('/api/settings/key-customer-threshold', { amountFen }),
    merge: (sourceId: string, targetId: string) => http.post<{ targetId: string; assetsMoved: number }>('/api/customers/merge', { sourceId, targetId }),
  },
  products: {
    categories: () => http.get<{ items: CategoryView[] }>('/api/product-categories'),
    createCategory: (body: CreateCategoryBody) => http.post<{ id: string }>('/api/product-categories', body),
    updateCategory: (categoryId: string, body: UpdateCategoryBody) => http.patch<Ok>(`/api/product-categories/${id(categoryId)}`, body),
    models: (query: { categoryId?: string; q?: string }) => http.get<{ items: ModelView[] }>('/api/product-models', query),
    createModel: (body: CreateModelBody) => http.post<ModelView>('/api/product-models', body),
    updateModel: (modelId: string, body: UpdateModelBody) => http.patch<ModelView>(`/api/product-models/${id(modelId)}`, body),
  },
  assets: {
    list: (query: AssetQuery) => http.get<Page<AssetView>>('/api/assets', query),
    get: (assetId: string) => http.get<AssetView>(`/api/assets/${id(assetId)}`),
    create: (body: CreateAssetBody) => http.post<AssetView>('/api/assets', body),
    update: (assetId: string, body: UpdateAssetBody) => http.patch<AssetView>(`/api/assets/${id(assetId)}`, body),
    overrideWarranty: (assetId: string, body: { warrantyEnd: string | null; reason: string }) =>
      http.put<AssetView>(`/api/assets/${id(assetId)}/warranty-override`, body),
    checkWarranty: (query: { serialNumber: string; date?: string }) => http.get<WarrantyLookup>('/api/warranty/check', query),
  },
};

/** URLs of the Excel downloads (plain GETs with the session cookie). */
export const excelUrls = {
  template: '/api/archive/import-template.xlsx',
  customers: (filters: CustomerFilters) => withQuery('/api/customers/export.xlsx', { ...filters, sort: undefined } as Query),
  assets: (filters: AssetFilters) => withQuery('/api/assets/export.xlsx', filters as Query),
};

async function errorFrom(response: Response): Promise<ApiError> {
  let body: { error?: { code?: string; message?: string; details?: unknown } } | undefined;
  try {
    body = (await response.json()) as typeof body;
  } catch {
    body = undefined;
  }
  const details = Array.isArray(body?.error?.details) ? (body.error.details as ApiError['details']) : [];
  return new ApiError(response.status, (body?.error?.code as ErrorCode | undefined) ?? 'internal_error', body?.error?.message ?? `HTTP ${response.status}`, details);
}

/**
 * Sends a raw .xlsx file (not JSON, so not through `http`) and reads the JSON answer; a non-2xx
 * answer is thrown as the server's ApiError. `csrfToken` is the session's token (me.csrfToken).
 */
export async function sendXlsx<T>(method: 'POST' | 'PUT', url: string, file: Blob, csrfToken: string, locale: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { 'Content-Type': XLSX_TYPE, Accept: 'application/json', 'Accept-Language': locale, 'X-CSRF-Token': csrfToken },
      body: file,
    });
  } catch (cause) {
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : 'network error');
  }
  if (!response.ok) throw await errorFrom(response);
  return (await response.json()) as T;
}

/** Sends the raw .xlsx file to the archive's import endpoint. */
export async function uploadImport(file: Blob, dryRun: boolean, csrfToken: string, locale: string): Promise<ImportResult> {
  return sendXlsx<ImportResult>('POST', withQuery('/api/archive/import', { dryRun }), file, csrfToken, locale);
}

/** Fetches a file with the session cookie and saves it under the server's file name (or `fallbackName`). */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : 'network error');
  }
  if (!response.ok) throw await errorFrom(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** The quality API (issue 14): checklists and the phone's self-check, inspections, repeat repairs, the ledger. */
import type { z } from 'zod';
import type {
  CheckItemKind,
  InspectionState,
  LedgerKind,
  LedgerStatus,
  LedgerTrigger,
  TChecklistItem,
  TChecklistView,
  TFieldSelfCheck,
  TLedgerEntryView,
  TRepeatLinkView,
  TRuleView,
  TSelfCheckBody,
  TVisitView,
  TQualitySettings,
  TUpdateQualitySettingsBody,
  ZFigures,
  ZFiguresQuery,
  ZBackfillResult,
  ZChecklistBody,
  ZRuleBody,
  ZUpdateRuleBody,
} from '../../../contracts/quality';
import { http } from './client';
import type { Page } from './types';

export type { CheckItemKind, InspectionState, LedgerKind, LedgerStatus, LedgerTrigger };
export type ChecklistView = TChecklistView;
export type ChecklistItem = TChecklistItem;
export type ChecklistBody = z.input<typeof ZChecklistBody>;
export type FieldSelfCheck = TFieldSelfCheck;
export type SelfCheckBody = TSelfCheckBody;
export type VisitView = TVisitView;
export type RepeatLinkView = TRepeatLinkView;
export type RuleView = TRuleView;
export type RuleBody = z.input<typeof ZRuleBody>;
export type UpdateRuleBody = z.input<typeof ZUpdateRuleBody>;
export type LedgerEntryView = TLedgerEntryView;
export type BackfillResult = z.infer<typeof ZBackfillResult>;
export type QualitySettings = TQualitySettings;
export type UpdateQualitySettingsBody = TUpdateQualitySettingsBody;
export type FiguresQuery = z.infer<typeof ZFiguresQuery>;
export type Figures = z.infer<typeof ZFigures>;
export type FigureRow = Figures['rows'][number];

export type VisitFilters = { inspection?: InspectionState };
export type RepeatFilters = { status?: 'open' | 'cleared' | 'all'; ticketId?: string };
export type LedgerFilters = { status?: LedgerStatus; kind?: LedgerKind; userId?: string; isAppealed?: 'true' | 'false' };
export type DecideBody = { action: 'approve' | 'change' | 'reject'; amountFen?: number; points?: number; reason?: string | null; version?: number };
type Paged<F> = F & { page: number; pageSize: number };

const id = (value: string) => encodeURIComponent(value);

export const qualityApi = {
  checklists: () => http.get<{ items: ChecklistView[] }>('/api/quality/checklists'),
  createChecklist: (body: ChecklistBody) => http.post<ChecklistView>('/api/quality/checklists', body),
  updateChecklist: (checklistId: string, body: Partial<ChecklistBody> & { version: number }) => http.put<ChecklistView>(`/api/quality/checklists/${id(checklistId)}`, body),
  /** The phone: the checklist of my order and my saved self-check. */
  selfCheck: (workOrderId: string) => http.get<FieldSelfCheck>(`/api/m/work-orders/${id(workOrderId)}/self-check`),
  submitSelfCheck: (workOrderId: string, body: SelfCheckBody) => http.post<FieldSelfCheck>(`/api/m/work-orders/${id(workOrderId)}/self-check`, body),
  visits: (query: Paged<VisitFilters>) => http.get<Page<VisitView>>('/api/quality/visits', query),
  inspect: (workOrderId: string, body: { result: 'passed' | 'failed'; reason?: string | null }) => http.post<VisitView>(`/api/quality/visits/${id(workOrderId)}/inspection`, body),
  repeats: (query: Paged<RepeatFilters>) => http.get<Page<RepeatLinkView>>('/api/quality/repeat-repairs', query),
  ticketRepeat: (ticketId: string) => http.get<{ flag: RepeatLinkView | null }>(`/api/quality/tickets/${id(ticketId)}/repeat`),
  clearRepeat: (linkId: string, reason: string) => http.post<RepeatLinkView>(`/api/quality/repeat-repairs/${id(linkId)}/clear`, { reason }),
  backfill: (since?: string) => http.post<BackfillResult>('/api/quality/repeat-repairs/backfill', since ? { since } : {}),
  rules: () => http.get<{ items: RuleView[] }>('/api/quality/rules'),
  createRule: (body: RuleBody) => http.post<RuleView>('/api/quality/rules', body),
  updateRule: (ruleId: string, body: UpdateRuleBody) => http.patch<RuleView>(`/api/quality/rules/${id(ruleId)}`, body),
  ledger: (query: Paged<LedgerFilters>) => http.get<Page<LedgerEntryView>>('/api/quality/ledger', query),
  /** The phone: my own entries. */
  myLedger: (query: Paged<LedgerFilters>) => http.get<Page<LedgerEntryView>>('/api/m/ledger', query),
  propose: (body: { ruleCode: string; userId: string; reason: string; amountFen?: number; points?: number }) => http.post<LedgerEntryView>('/api/quality/ledger', body),
  decide: (entryId: string, body: DecideBody) => http.post<LedgerEntryView>(`/api/quality/ledger/${id(entryId)}/decision`, body),
  appeal: (entryId: string, text: string) => http.post<LedgerEntryView>(`/api/quality/ledger/${id(entryId)}/appeal`, { text }),
  /** Per technician or outlet over Shanghai days (`to` inclusive). */
  figures: (query: FiguresQuery) => http.get<Figures>('/api/quality/figures', query),
  settings: () => http.get<QualitySettings>('/api/quality/settings'),
  /** Only the given fields change; `version` is the one read (409 `stale_version` when someone saved meanwhile). */
  updateSettings: (body: UpdateQualitySettingsBody) => http.patch<QualitySettings>('/api/quality/settings', body),
};

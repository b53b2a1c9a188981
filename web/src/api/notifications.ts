/** The notifications API (issue 18): templates as data, the outbox, recipients' choices. */
import type { z } from 'zod';
import type { TChannel, TOutboxMessage, TOutboxStatus, TPreferenceBody, TTemplateView, TUpdateTemplateBody, ZOutboxQuery, ZPreferenceView, ZPreviewView } from '../../../contracts/notifications';
import { CHANNELS, OUTBOX_STATUSES } from '../../../contracts/notifications';
import { http } from './client';
import type { Page } from './types';

export { CHANNELS, OUTBOX_STATUSES };
export type Channel = TChannel;
export type OutboxStatus = TOutboxStatus;
export type OutboxMessage = TOutboxMessage;
export type TemplateView = TTemplateView;
export type UpdateTemplateBody = TUpdateTemplateBody;
export type PreviewView = z.infer<typeof ZPreviewView>;
export type PreferenceView = z.infer<typeof ZPreferenceView>;
export type PreferenceBody = TPreferenceBody;
export type OutboxFilters = z.input<typeof ZOutboxQuery>;

const id = (value: string) => encodeURIComponent(value);

export const notificationsApi = {
  templates: () => http.get<{ items: TemplateView[] }>('/api/notifications/templates'),
  updateTemplate: (templateId: string, body: UpdateTemplateBody) => http.patch<TemplateView>(`/api/notifications/templates/${id(templateId)}`, body),
  preview: (body: { event: string; channel: Channel; body: string; params?: Record<string, string> }) => http.post<PreviewView>('/api/notifications/templates/preview', body),
  /** Queues the template's sample text to a staff phone or e-mail through the outbox; answers the rows queued. */
  testSend: (templateId: string, recipient: string) => http.post<{ items: OutboxMessage[] }>(`/api/notifications/templates/${id(templateId)}/test`, { recipient }),
  outbox: (query: OutboxFilters & { page: number; pageSize: number }) => http.get<Page<OutboxMessage>>('/api/outbox', query),
  resend: (messageId: string) => http.post<OutboxMessage>(`/api/outbox/${id(messageId)}/resend`, {}),
  preference: (recipient: string) => http.get<PreferenceView>(`/api/notifications/preferences/${id(recipient)}`),
  savePreference: (recipient: string, body: PreferenceBody) => http.put<PreferenceView>(`/api/notifications/preferences/${id(recipient)}`, body),
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams, ZPageQuery, zPage } from '../../../contracts/common';
import { ZOutboxMessage, ZOutboxQuery, ZPreferenceBody, ZPreferenceParams, ZPreferenceView, ZPreviewBody, ZPreviewView, ZTemplateView, ZTestSendBody, ZUpdateTemplateBody } from '../../../contracts/notifications';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { principalOf } from '../../platform/http';
import { safeEqual } from '../../platform/ids';
import { parseShanghaiDateTime } from '../../platform/time';
import { actorOf } from '../../platform/principal';
import { applyDeliveryReceipts, listOutbox, resendMessage } from './notifications.service';
import { getPreference, listTemplates, previewTemplate, savePreference, testSendTemplate, updateTemplate } from './templates.service';

const tags = ['notifications'];

/** `?secret=` or `X-Receipt-Secret` must equal NOTIFY_RECEIPT_SECRET (compared in constant time); unset refuses every receipt. */
function checkReceiptSecret(ctx: AppContext, given: string | undefined): void {
  const expected = ctx.env.NOTIFY_RECEIPT_SECRET;
  if (!expected) throw new AppError('service_unavailable', 'delivery receipts are not configured (NOTIFY_RECEIPT_SECRET)');
  // safeEqual compares bytes: a secret of the same length in characters but not in bytes (non-ASCII) is simply wrong.
  if (given === undefined || !safeEqual(given, expected)) throw new AppError('unauthorized', 'receipt secret missing or wrong');
}

const ZReceiptQuery = z.object({ secret: z.string().max(200).optional() });
const secretOf = (request: { query: { secret?: string }; headers: Record<string, unknown> }) => request.query.secret ?? (request.headers['x-receipt-secret'] as string | undefined);

/** Alibaba Cloud SmsReport push: an array of reports (extra fields allowed: the provider adds some). */
const ZAliyunReceipts = z.array(z.looseObject({ biz_id: z.string().min(1), success: z.boolean(), err_code: z.string().optional(), err_msg: z.string().optional(), report_time: z.string().optional() })).min(1).max(1000);
/** Tencent Cloud SMS status callback (短信下发状态): an array; `sid` is the SerialNo. */
const ZTencentReceipts = z.array(z.looseObject({ sid: z.string().min(1), report_status: z.enum(['SUCCESS', 'FAIL']), errmsg: z.string().optional(), description: z.string().optional(), user_receive_time: z.string().optional() })).min(1).max(1000);
/** The webhook gateway's callback. */
const ZWebhookReceipt = z.strictObject({ messageId: z.string().min(1).max(200), status: z.enum(['delivered', 'failed']), reason: z.string().max(500).optional() });

/** The outbox, templates, recipients' choices and the gateways' delivery receipts. */
export const notificationsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/outbox',
    { schema: { tags, summary: 'Messages queued and sent (SMS, email, WeChat) with delivery status', querystring: ZPageQuery.extend(ZOutboxQuery.shape), response: { 200: zPage(ZOutboxMessage) } }, config: { access: 'notifications.read' } },
    async (request) => listOutbox(ctx, request.query),
  );

  app.post(
    '/api/outbox/:id/resend',
    { schema: { tags, summary: 'Send a failed message again', params: ZIdParams, response: { 200: ZOutboxMessage } }, config: { access: 'notifications.manage' } },
    async (request) => resendMessage(ctx, actorOf(principalOf(request), request), request.params.id),
  );

  app.get(
    '/api/notifications/templates',
    { schema: { tags, summary: 'Message templates per event, channel and language', response: { 200: z.object({ items: z.array(ZTemplateView) }) } }, config: { access: 'notifications.read' } },
    async () => listTemplates(ctx),
  );

  app.patch(
    '/api/notifications/templates/:id',
    { schema: { tags, summary: 'Change a template (text, provider template code, enabled)', params: ZIdParams, body: ZUpdateTemplateBody, response: { 200: ZTemplateView } }, config: { access: 'notifications.manage' } },
    async (request) => updateTemplate(ctx, actorOf(principalOf(request), request), request.params.id, request.body),
  );

  app.post(
    '/api/notifications/templates/preview',
    { schema: { tags, summary: 'Render a text with sample data; SMS length and parts', body: ZPreviewBody, response: { 200: ZPreviewView } }, config: { access: 'notifications.read' } },
    async (request) => previewTemplate(request.body),
  );

  app.post(
    '/api/notifications/templates/:id/test',
    { schema: { tags, summary: "Send a template's sample text to a staff phone or e-mail through the outbox", params: ZIdParams, body: ZTestSendBody, response: { 200: z.object({ items: z.array(ZOutboxMessage) }) } }, config: { access: 'notifications.manage' } },
    async (request) => testSendTemplate(ctx, actorOf(principalOf(request), request), request.params.id, request.body.recipient),
  );

  app.get(
    '/api/notifications/preferences/:recipient',
    { schema: { tags, summary: "A phone's choices: opt-out, channels per event, WeChat", params: ZPreferenceParams, response: { 200: ZPreferenceView } }, config: { access: 'notifications.manage' } },
    async (request) => getPreference(ctx, request.params.recipient),
  );

  app.put(
    '/api/notifications/preferences/:recipient',
    { schema: { tags, summary: "Save a phone's choices", params: ZPreferenceParams, body: ZPreferenceBody, response: { 200: ZPreferenceView } }, config: { access: 'notifications.manage' } },
    async (request) => savePreference(ctx, actorOf(principalOf(request), request), request.params.recipient, request.body),
  );

  // ---- Delivery receipts: public (the gateways call them), verified by the shared secret ----
  app.post(
    '/api/notifications/receipts/aliyun',
    { schema: { tags, summary: 'Alibaba Cloud SMS delivery reports', querystring: ZReceiptQuery, body: ZAliyunReceipts }, config: { access: 'public' } },
    async (request) => {
      checkReceiptSecret(ctx, secretOf(request));
      await applyDeliveryReceipts(ctx, 'aliyun', request.body.map((report) => ({ providerMessageId: report.biz_id, isDelivered: report.success, reason: [report.err_code, report.err_msg].filter(Boolean).join(' '), at: parseShanghaiDateTime(report.report_time) })));
      return { code: 0, msg: '成功' };
    },
  );

  app.post(
    '/api/notifications/receipts/tencent',
    { schema: { tags, summary: 'Tencent Cloud SMS delivery status callback', querystring: ZReceiptQuery, body: ZTencentReceipts }, config: { access: 'public' } },
    async (request) => {
      checkReceiptSecret(ctx, secretOf(request));
      await applyDeliveryReceipts(ctx, 'tencent', request.body.map((report) => ({ providerMessageId: report.sid, isDelivered: report.report_status === 'SUCCESS', reason: [report.errmsg, report.description].filter(Boolean).join(' '), at: parseShanghaiDateTime(report.user_receive_time) })));
      return { result: 0, errmsg: 'OK' };
    },
  );

  app.post(
    '/api/notifications/receipts/webhook',
    { schema: { tags, summary: 'Webhook gateway delivery receipt', querystring: ZReceiptQuery, body: ZWebhookReceipt }, config: { access: 'public' } },
    async (request) => {
      checkReceiptSecret(ctx, secretOf(request));
      return applyDeliveryReceipts(ctx, 'webhook', [{ providerMessageId: request.body.messageId, isDelivered: request.body.status === 'delivered', reason: request.body.reason }]);
    },
  );
};

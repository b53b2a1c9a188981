import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams, ZOk } from '../../../contracts/common';
import {
  ZCountLinesBody,
  ZCountPage,
  ZCountView,
  ZCreateCountBody,
  ZCreatePartBody,
  ZCreateRequisitionBody,
  ZCreateWarehouseBody,
  ZDispatchOldPartsBody,
  ZHandInOldPartBody,
  ZIssueRequisitionBody,
  ZLedgerPage,
  ZLedgerQuery,
  ZListCountsQuery,
  ZListOldPartsQuery,
  ZListPartsQuery,
  ZListRequisitionsQuery,
  ZListTransfersQuery,
  ZListWarehousesQuery,
  ZMovementResult,
  ZOldPartView,
  ZOldPartPage,
  ZPartPage,
  ZPartStockQuery,
  ZPartView,
  ZReadinessList,
  ZReadinessQuery,
  ZRebuildResult,
  ZReceiptBody,
  ZReorderPointBody,
  ZRequisitionPage,
  ZRequisitionStatusBody,
  ZRequisitionView,
  ZReturnBody,
  ZScrapBody,
  ZSerialPage,
  ZSerialsQuery,
  ZShortageList,
  ZStockPage,
  ZStockQuery,
  ZTechnicianWarehouses,
  ZTransferBody,
  ZTransferPage,
  ZTransferView,
  ZUpdatePartBody,
  ZWarehousePage,
  ZWarehouseView,
} from '../../../contracts/parts';
import type { AppContext } from '../../platform/context';
import { principalOf } from '../../platform/http';
import { actorOf } from '../../platform/principal';
import { requireFileBody, sendWorkbook, XLSX_CONTENT_TYPE } from '../../platform/excel';
import * as counts from './counts.service';
import { buildCountSheet, buildPartsTemplate, exportParts, exportShortages, importParts, readCountSheet } from './parts.excel';
import * as moves from './movements.service';
import * as reads from './reads.service';
import * as service from './parts.service';

const tags = ['parts'];
/** Largest workbook the catalogue import accepts. */
const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
const ZImportProblem = z.object({ sheet: z.string(), row: z.number().int(), column: z.string(), message: z.string() });

const ZTransferResult = z.object({ transfer: ZTransferView, ledgerRows: z.number().int() });

/** Spare parts (备件): catalogue, warehouses and stock, ledger, movements, requisitions, counts, old parts. */
export const partsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.addContentTypeParser([XLSX_CONTENT_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_request, body, done) => done(null, body));

  // ---- catalogue ----
  app.get(
    '/api/parts',
    { schema: { tags, summary: 'List parts (cost price only with parts.cost.read)', querystring: ZListPartsQuery, response: { 200: ZPartPage } }, config: { access: 'parts.read' } },
    async (request) => service.listParts(ctx, principalOf(request), request.query),
  );
  app.get('/api/parts/import-template.xlsx', { schema: { tags, summary: 'The Excel template of the parts catalogue' }, config: { access: 'parts.manage' } }, async (_request, reply) => {
    sendWorkbook(reply, '备件目录导入模板.xlsx');
    return reply.send(await buildPartsTemplate());
  });
  app.get('/api/parts/export.xlsx', { schema: { tags, summary: 'The parts catalogue in the import layout (cost only with parts.cost.read)' }, config: { access: 'parts.read' } }, async (request, reply) => {
    const file = await exportParts(ctx, principalOf(request));
    sendWorkbook(reply, '备件目录.xlsx');
    return reply.send(file);
  });
  app.post(
    '/api/parts/import',
    {
      schema: {
        tags,
        summary: `Import parts from the template (body: the .xlsx file, Content-Type ${XLSX_CONTENT_TYPE}); dryRun=true only reports problems`,
        querystring: z.object({ dryRun: z.enum(['true', 'false']).default('true').transform((value) => value === 'true') }),
        response: { 200: z.object({ dryRun: z.boolean(), parts: z.object({ rows: z.number().int(), created: z.number().int(), existing: z.number().int(), invalid: z.number().int() }), problems: z.array(ZImportProblem) }) },
      },
      config: { access: 'parts.manage' },
    },
    async (request) => {
      return importParts(ctx, actorOf(principalOf(request), request), requireFileBody(request.body), { dryRun: request.query.dryRun });
    },
  );
  app.get(
    '/api/parts/:id',
    { schema: { tags, summary: 'One part with the models it fits', params: ZIdParams, response: { 200: ZPartView } }, config: { access: 'parts.read' } },
    async (request) => service.getPart(ctx, principalOf(request), request.params.id),
  );
  app.post(
    '/api/parts',
    { schema: { tags, summary: 'Create a part (409 on a known part number)', body: ZCreatePartBody, response: { 201: ZPartView } }, config: { access: 'parts.manage' } },
    async (request, reply) => {
      const principal = principalOf(request);
      const { row, modelIds } = await service.createPart(ctx, actorOf(principal, request), request.body);
      return reply.status(201).send(service.presentPart(row, modelIds, service.canSeeCost(principal)));
    },
  );
  app.patch(
    '/api/parts/:id',
    { schema: { tags, summary: 'Update a part with the version read (409 when stale)', params: ZIdParams, body: ZUpdatePartBody, response: { 200: ZPartView } }, config: { access: 'parts.manage' } },
    async (request) => {
      const principal = principalOf(request);
      const { row, modelIds } = await service.updatePart(ctx, actorOf(principal, request), request.params.id, request.body);
      return service.presentPart(row, modelIds, service.canSeeCost(principal));
    },
  );
  app.get(
    '/api/parts/:id/stock',
    { schema: { tags, summary: 'One part’s stock in every warehouse within the scope', params: ZIdParams, querystring: ZPartStockQuery, response: { 200: ZStockPage } }, config: { access: 'parts.read' } },
    async (request) => service.getPartStock(ctx, principalOf(request), request.params.id, request.query),
  );

  // ---- warehouses and stock ----
  app.get(
    '/api/parts/warehouses',
    { schema: { tags, summary: 'Warehouses within the scope', querystring: ZListWarehousesQuery, response: { 200: ZWarehousePage } }, config: { access: 'parts.read' } },
    async (request) => service.listWarehouses(ctx, principalOf(request), request.query),
  );
  app.get(
    '/api/parts/technicians/:id/warehouses',
    { schema: { tags, summary: 'A technician’s own stock and the warehouses it may request from or return to (404 outside the scope)', params: ZIdParams, response: { 200: ZTechnicianWarehouses } }, config: { access: 'parts.read' } },
    async (request) => reads.technicianWarehouses(ctx, principalOf(request), request.params.id),
  );
  app.post(
    '/api/parts/warehouses',
    { schema: { tags, summary: 'Create a central, outlet or technician warehouse', body: ZCreateWarehouseBody, response: { 201: ZWarehouseView } }, config: { access: 'parts.manage' } },
    async (request, reply) => reply.status(201).send(await service.createWarehouse(ctx, actorOf(principalOf(request), request), request.body)),
  );
  app.get(
    '/api/parts/warehouses/:id',
    { schema: { tags, summary: 'One warehouse', params: ZIdParams, response: { 200: ZWarehouseView } }, config: { access: 'parts.read' } },
    async (request) => service.getWarehouse(ctx, principalOf(request), request.params.id),
  );
  app.get(
    '/api/parts/warehouses/:id/stock',
    { schema: { tags, summary: 'Stock of one warehouse (filters: kind, condition, text, fitting model, below reorder point)', params: ZIdParams, querystring: ZStockQuery, response: { 200: ZStockPage } }, config: { access: 'parts.read' } },
    async (request) => service.getWarehouseStock(ctx, principalOf(request), request.params.id, request.query),
  );
  app.get(
    '/api/parts/warehouses/:id/serials',
    { schema: { tags, summary: 'Serials in stock in one warehouse (a technician: only their own stock; 404 outside the scope)', params: ZIdParams, querystring: ZSerialsQuery, response: { 200: ZSerialPage } }, config: { access: 'parts.read' } },
    async (request) => service.listSerials(ctx, principalOf(request), request.params.id, request.query),
  );
  app.get(
    '/api/parts/warehouses/:id/shortages',
    { schema: { tags, summary: 'Shortage list: good stock below its reorder point, with a suggested transfer from a central warehouse or a purchase', params: ZIdParams, response: { 200: ZShortageList } }, config: { access: 'parts.read' } },
    async (request) => service.getShortages(ctx, principalOf(request), request.params.id),
  );
  app.get(
    '/api/parts/warehouses/:id/shortages.xlsx',
    { schema: { tags, summary: 'The shortage list as Excel (suggested transfers and the purchase list)', params: ZIdParams }, config: { access: 'parts.read' } },
    async (request, reply) => {
      const file = await exportShortages(ctx, principalOf(request), request.params.id);
      sendWorkbook(reply, '缺货清单.xlsx');
      return reply.send(file);
    },
  );
  app.put(
    '/api/parts/warehouses/:id/reorder-points',
    { schema: { tags, summary: 'Set the reorder point and quantity of one part in the warehouse', params: ZIdParams, body: ZReorderPointBody, response: { 200: ZOk } }, config: { access: 'parts.manage' } },
    async (request) => {
      const principal = principalOf(request);
      await service.setReorderPoint(ctx, actorOf(principal, request), principal, request.params.id, request.body);
      return { ok: true as const };
    },
  );

  // ---- ledger ----
  app.get(
    '/api/parts/ledger',
    { schema: { tags, summary: 'Ledger rows (出入库流水), newest first, within the scope', querystring: ZLedgerQuery, response: { 200: ZLedgerPage } }, config: { access: 'parts.read' } },
    async (request) => service.listLedger(ctx, principalOf(request), request.query),
  );
  app.post(
    '/api/parts/balances/rebuild',
    { schema: { tags, summary: 'Rebuild the cached balances from the ledger; answers how many differed', response: { 200: ZRebuildResult } }, config: { access: 'parts.manage' } },
    async (request) => ctx.db.transaction((tx) => service.rebuildBalances(tx, { apply: true, actor: actorOf(principalOf(request), request), now: ctx.clock.now() })),
  );

  // ---- movements ----
  app.post(
    '/api/parts/receipts',
    { schema: { tags, summary: 'Receive parts into a warehouse (supplier, maker)', body: ZReceiptBody, response: { 201: ZMovementResult } }, config: { access: 'parts.manage' } },
    async (request, reply) => {
      const principal = principalOf(request);
      return reply.status(201).send(await moves.receiveStock(ctx, actorOf(principal, request), principal, request.body));
    },
  );
  app.post(
    '/api/parts/scraps',
    { schema: { tags, summary: 'Scrap parts with a reason', body: ZScrapBody, response: { 201: ZMovementResult } }, config: { access: 'parts.manage' } },
    async (request, reply) => {
      const principal = principalOf(request);
      return reply.status(201).send(await moves.scrapStock(ctx, actorOf(principal, request), principal, request.body));
    },
  );
  app.get(
    '/api/parts/transfers',
    { schema: { tags, summary: 'Transfers from or to a warehouse within the scope', querystring: ZListTransfersQuery, response: { 200: ZTransferPage } }, config: { access: 'parts.read' } },
    async (request) => moves.listTransfers(ctx, principalOf(request), request.query),
  );
  app.get(
    '/api/parts/transfers/:id',
    { schema: { tags, summary: 'One transfer', params: ZIdParams, response: { 200: ZTransferView } }, config: { access: 'parts.read' } },
    async (request) => moves.getTransfer(ctx, principalOf(request), request.params.id),
  );
  app.post(
    '/api/parts/transfers',
    { schema: { tags, summary: 'Send parts to another warehouse (in transit until received)', body: ZTransferBody, response: { 201: ZTransferResult } }, config: { access: 'parts.move' } },
    async (request, reply) => {
      const principal = principalOf(request);
      return reply.status(201).send(await moves.createTransfer(ctx, actorOf(principal, request), principal, request.body));
    },
  );
  app.post(
    '/api/parts/transfers/:id/receive',
    { schema: { tags, summary: 'Receive a transfer at its destination', params: ZIdParams, response: { 200: ZTransferResult } }, config: { access: 'parts.move' } },
    async (request) => {
      const principal = principalOf(request);
      return moves.receiveTransfer(ctx, actorOf(principal, request), principal, request.params.id);
    },
  );
  app.post(
    '/api/parts/returns',
    { schema: { tags, summary: 'Give unused parts back from a technician’s stock (退料)', body: ZReturnBody, response: { 201: ZMovementResult } }, config: { access: 'parts.return' } },
    async (request, reply) => {
      const principal = principalOf(request);
      return reply.status(201).send(await moves.returnUnusedParts(ctx, actorOf(principal, request), principal, request.body));
    },
  );

  // ---- requisitions ----
  app.get(
    '/api/parts/readiness',
    { schema: { tags, summary: 'Whether each work order’s parts are ready (派工台): none, requested, shortage or ready; requisitions outside the scope do not count', querystring: ZReadinessQuery, response: { 200: ZReadinessList } }, config: { access: 'parts.read' } },
    async (request) => reads.readinessOfWorkOrders(ctx, principalOf(request), request.query.workOrderIds),
  );
  app.get(
    '/api/parts/requisitions',
    { schema: { tags, summary: 'Requisitions within the scope (a technician: their own)', querystring: ZListRequisitionsQuery, response: { 200: ZRequisitionPage } }, config: { access: 'parts.read' } },
    async (request) => moves.listRequisitions(ctx, principalOf(request), request.query),
  );
  app.get(
    '/api/parts/requisitions/:id',
    { schema: { tags, summary: 'One requisition', params: ZIdParams, response: { 200: ZRequisitionView } }, config: { access: 'parts.read' } },
    async (request) => moves.getRequisition(ctx, principalOf(request), request.params.id),
  );
  app.post(
    '/api/parts/requisitions',
    { schema: { tags, summary: 'Request parts for a technician (reserved at the source; 409 when short unless allowShortage)', body: ZCreateRequisitionBody, response: { 201: ZRequisitionView } }, config: { access: 'parts.requisition' } },
    async (request, reply) => {
      const principal = principalOf(request);
      return reply.status(201).send(await moves.createRequisition(ctx, actorOf(principal, request), principal, request.body));
    },
  );
  app.post(
    '/api/parts/requisitions/:id/issue',
    { schema: { tags, summary: 'Issue a requisition to the technician’s stock', params: ZIdParams, body: ZIssueRequisitionBody, response: { 200: z.object({ requisition: ZRequisitionView, ledgerRows: z.number().int() }) } }, config: { access: 'parts.move' } },
    async (request) => {
      const principal = principalOf(request);
      return moves.issueRequisition(ctx, actorOf(principal, request), principal, request.params.id, request.body);
    },
  );
  app.post(
    '/api/parts/requisitions/:id/shortage',
    { schema: { tags, summary: 'Mark a requisition as a shortage (releases the reservation)', params: ZIdParams, body: ZRequisitionStatusBody, response: { 200: ZRequisitionView } }, config: { access: 'parts.move' } },
    async (request) => {
      const principal = principalOf(request);
      return moves.closeRequisition(ctx, actorOf(principal, request), principal, request.params.id, 'shortage', request.body.reason);
    },
  );
  app.post(
    '/api/parts/requisitions/:id/cancel',
    { schema: { tags, summary: 'Cancel a requisition (releases the reservation)', params: ZIdParams, body: ZRequisitionStatusBody, response: { 200: ZRequisitionView } }, config: { access: 'parts.requisition' } },
    async (request) => {
      const principal = principalOf(request);
      return moves.closeRequisition(ctx, actorOf(principal, request), principal, request.params.id, 'cancelled', request.body.reason);
    },
  );

  // ---- stock counts ----
  app.get(
    '/api/parts/counts',
    { schema: { tags, summary: 'Stock counts within the scope, newest first (filters: warehouse, status, opened from / to)', querystring: ZListCountsQuery, response: { 200: ZCountPage } }, config: { access: 'parts.read' } },
    async (request) => counts.listCounts(ctx, principalOf(request), request.query),
  );
  app.post(
    '/api/parts/counts',
    { schema: { tags, summary: 'Open a stock count: freezes the warehouse (409 when frozen already)', body: ZCreateCountBody, response: { 201: ZCountView } }, config: { access: 'parts.count' } },
    async (request, reply) => {
      const principal = principalOf(request);
      return reply.status(201).send(await counts.openCount(ctx, actorOf(principal, request), principal, request.body));
    },
  );
  app.get(
    '/api/parts/counts/:id',
    { schema: { tags, summary: 'One stock count', params: ZIdParams, response: { 200: ZCountView } }, config: { access: 'parts.read' } },
    async (request) => counts.getCount(ctx, principalOf(request), request.params.id),
  );
  app.put(
    '/api/parts/counts/:id/lines',
    { schema: { tags, summary: 'Enter counted quantities (only the user who froze the warehouse)', params: ZIdParams, body: ZCountLinesBody, response: { 200: ZCountView } }, config: { access: 'parts.count' } },
    async (request) => {
      const principal = principalOf(request);
      return counts.enterCountLines(ctx, actorOf(principal, request), principal, request.params.id, request.body);
    },
  );
  app.get(
    '/api/parts/counts/:id/sheet.xlsx',
    { schema: { tags, summary: 'The count sheet: the warehouse’s parts with an empty 盘点数量 column', params: ZIdParams }, config: { access: 'parts.count' } },
    async (request, reply) => {
      const principal = principalOf(request);
      const count = await counts.getCount(ctx, principal, request.params.id);
      const file = await buildCountSheet(ctx, principal, count.warehouseId);
      sendWorkbook(reply, '盘点表.xlsx');
      return reply.send(file);
    },
  );
  app.put(
    '/api/parts/counts/:id/lines.xlsx',
    { schema: { tags, summary: `Enter counted quantities from a filled count sheet (body: the .xlsx file, Content-Type ${XLSX_CONTENT_TYPE})`, params: ZIdParams, response: { 200: ZCountView } }, config: { access: 'parts.count' } },
    async (request) => {
      const file = requireFileBody(request.body);
      const principal = principalOf(request);
      await counts.getCount(ctx, principal, request.params.id); // 404 outside the scope before reading the file
      const lines = await readCountSheet(ctx, file);
      return counts.enterCountLines(ctx, actorOf(principal, request), principal, request.params.id, { lines });
    },
  );
  app.post(
    '/api/parts/counts/:id/submit',
    { schema: { tags, summary: 'Submit a count for approval', params: ZIdParams, response: { 200: ZCountView } }, config: { access: 'parts.count' } },
    async (request) => {
      const principal = principalOf(request);
      return counts.submitCount(ctx, actorOf(principal, request), principal, request.params.id);
    },
  );
  app.post(
    '/api/parts/counts/:id/approve',
    { schema: { tags, summary: 'Approve a count: posts the differences as adjustments and unfreezes the warehouse', params: ZIdParams, response: { 200: z.object({ count: ZCountView, ledgerRows: z.number().int() }) } }, config: { access: 'parts.count.approve' } },
    async (request) => {
      const principal = principalOf(request);
      return counts.approveCount(ctx, actorOf(principal, request), principal, request.params.id);
    },
  );

  // ---- old parts ----
  app.get(
    '/api/parts/old-parts',
    { schema: { tags, summary: 'Old parts (保修旧件) within the scope', querystring: ZListOldPartsQuery, response: { 200: ZOldPartPage } }, config: { access: 'parts.read' } },
    async (request) => moves.listOldParts(ctx, principalOf(request), request.query),
  );
  app.post(
    '/api/parts/old-parts/:id/hand-in',
    { schema: { tags, summary: 'Hand an old part in to a warehouse (defective stock)', params: ZIdParams, body: ZHandInOldPartBody, response: { 200: z.object({ oldPart: ZOldPartView, ledgerRows: z.number().int() }) } }, config: { access: 'parts.return' } },
    async (request) => {
      const principal = principalOf(request);
      return moves.handInOldPart(ctx, actorOf(principal, request), principal, request.params.id, request.body);
    },
  );
  app.post(
    '/api/parts/old-parts/dispatch',
    { schema: { tags, summary: 'Send handed-in old parts back to the maker', body: ZDispatchOldPartsBody, response: { 201: ZMovementResult } }, config: { access: 'parts.move' } },
    async (request, reply) => {
      const principal = principalOf(request);
      return reply.status(201).send(await moves.dispatchOldPartsToMaker(ctx, actorOf(principal, request), principal, request.body));
    },
  );
};

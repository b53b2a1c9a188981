import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZListAssetsQuery } from '../../contracts/assets';
import { ZListCustomersQuery, ZMergeCustomersBody, ZSearchHit, ZSearchQuery } from '../../contracts/customers';
import type { AppContext } from '../platform/context';
import { requireFileBody, sendWorkbook, XLSX_CONTENT_TYPE } from '../platform/excel';
import { principalOf } from '../platform/http';
import { actorOf } from '../platform/principal';
import { buildImportTemplate, exportAssets, exportCustomers, importArchive } from './archive-excel';
import { searchArchive } from './archive-search';
import { mergeCustomers } from './merge-customers';

/** Largest workbook the import accepts. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

const ZImportProblem = z.object({ sheet: z.string(), row: z.number().int(), column: z.string(), message: z.string() });
const ZImportCounts = z.object({ rows: z.number().int(), created: z.number().int(), existing: z.number().int(), invalid: z.number().int() });

/** Operations over the customer and asset archive together: search, merge, Excel. */
export const archiveRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.addContentTypeParser([XLSX_CONTENT_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_request, body, done) => done(null, body));

  app.get(
    '/api/search',
    { schema: { tags: ['customers'], summary: 'Search customers and assets while typing (name, any phone fragment, serial, address)', querystring: ZSearchQuery, response: { 200: z.object({ items: z.array(ZSearchHit) }) } }, config: { access: 'customers.read' } },
    async (request) => searchArchive(ctx, principalOf(request), request.query.q, request.query.limit),
  );

  app.post(
    '/api/customers/merge',
    { schema: { tags: ['customers'], summary: 'Merge two customers: the source’s phones, addresses, contacts and assets move to the target', body: ZMergeCustomersBody, response: { 200: z.object({ targetId: z.uuid(), assetsMoved: z.number().int() }) } }, config: { access: 'customers.merge' } },
    async (request) => mergeCustomers(ctx, actorOf(principalOf(request), request), request.body),
  );

  app.get('/api/archive/import-template.xlsx', { schema: { tags: ['customers'], summary: 'The Excel template for importing customers and assets' }, config: { access: 'customers.import' } }, async (_request, reply) => {
    sendWorkbook(reply, '客户与资产导入模板.xlsx');
    return reply.send(await buildImportTemplate());
  });

  app.post(
    '/api/archive/import',
    {
      schema: {
        tags: ['customers'],
        summary: `Import customers and assets from the template (body: the .xlsx file, Content-Type ${XLSX_CONTENT_TYPE}); dryRun=true only reports problems`,
        querystring: z.object({ dryRun: z.enum(['true', 'false']).default('true').transform((value) => value === 'true') }),
        response: { 200: z.object({ dryRun: z.boolean(), customers: ZImportCounts, assets: ZImportCounts, problems: z.array(ZImportProblem) }) },
      },
      config: { access: 'customers.import' },
    },
    async (request) => {
      return importArchive(ctx, actorOf(principalOf(request), request), requireFileBody(request.body), { dryRun: request.query.dryRun });
    },
  );

  app.get(
    '/api/customers/export.xlsx',
    { schema: { tags: ['customers'], summary: 'Export the filtered customer list (import layout)', querystring: ZListCustomersQuery.omit({ page: true, pageSize: true, sort: true }) }, config: { access: 'customers.export' } },
    async (request, reply) => {
      const principal = principalOf(request);
      sendWorkbook(reply, '客户.xlsx');
      return reply.send(await exportCustomers(ctx, principal, actorOf(principal, request), request.query));
    },
  );

  app.get(
    '/api/assets/export.xlsx',
    { schema: { tags: ['assets'], summary: 'Export the filtered asset list (import layout)', querystring: ZListAssetsQuery.omit({ page: true, pageSize: true }) }, config: { access: 'customers.export' } },
    async (request, reply) => {
      const principal = principalOf(request);
      sendWorkbook(reply, '资产.xlsx');
      return reply.send(await exportAssets(ctx, principal, actorOf(principal, request), request.query));
    },
  );
};

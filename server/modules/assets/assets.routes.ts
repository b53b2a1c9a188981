import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams, ZOk } from '../../../contracts/common';
import { ZAssetPage, ZAssetView, ZCreateAssetBody, ZListAssetsQuery, ZUpdateAssetBody, ZWarrantyCheck, ZWarrantyCheckQuery, ZWarrantyOverrideBody } from '../../../contracts/assets';
import { ZCategoryView, ZCreateCategoryBody, ZCreateModelBody, ZModelView, ZUpdateCategoryBody, ZUpdateModelBody } from '../../../contracts/products';
import type { AppContext } from '../../platform/context';
import { principalOf } from '../../platform/http';
import { actorOf } from '../../platform/principal';
import * as assetsService from './assets.service';
import * as catalog from './catalog.service';

/** Product catalogue (categories with warranty policies, models) and assets with their warranty. */
export const assetsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/product-categories',
    { schema: { tags: ['products'], summary: 'The category tree with warranty policies', response: { 200: z.object({ items: z.array(ZCategoryView) }) } }, config: { access: 'products.read' } },
    async () => catalog.listCategories(ctx),
  );
  app.post(
    '/api/product-categories',
    { schema: { tags: ['products'], summary: 'Create a category', body: ZCreateCategoryBody, response: { 201: z.object({ id: z.uuid() }) } }, config: { access: 'products.manage' } },
    async (request, reply) => reply.status(201).send({ id: (await catalog.createCategory(ctx, actorOf(principalOf(request), request), request.body)).id }),
  );
  app.patch(
    '/api/product-categories/:id',
    { schema: { tags: ['products'], summary: 'Update a category (a new policy recomputes warranty ends)', params: ZIdParams, body: ZUpdateCategoryBody, response: { 200: ZOk } }, config: { access: 'products.manage' } },
    async (request) => {
      await catalog.updateCategory(ctx, actorOf(principalOf(request), request), request.params.id, request.body);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/product-models',
    { schema: { tags: ['products'], summary: 'Models, by category (with sub-categories) and text', querystring: z.object({ categoryId: z.uuid().optional(), q: z.string().trim().max(64).optional() }), response: { 200: z.object({ items: z.array(ZModelView) }) } }, config: { access: 'products.read' } },
    async (request) => catalog.listModels(ctx, request.query),
  );
  app.post(
    '/api/product-models',
    { schema: { tags: ['products'], summary: 'Create a model', body: ZCreateModelBody, response: { 201: ZModelView } }, config: { access: 'products.manage' } },
    async (request, reply) => reply.status(201).send(await catalog.createModel(ctx, actorOf(principalOf(request), request), request.body)),
  );
  app.patch(
    '/api/product-models/:id',
    { schema: { tags: ['products'], summary: 'Update a model', params: ZIdParams, body: ZUpdateModelBody, response: { 200: ZModelView } }, config: { access: 'products.manage' } },
    async (request) => catalog.updateModel(ctx, actorOf(principalOf(request), request), request.params.id, request.body),
  );

  app.get(
    '/api/assets',
    { schema: { tags: ['assets'], summary: 'List assets (scoped) with their warranty today', querystring: ZListAssetsQuery, response: { 200: ZAssetPage } }, config: { access: 'assets.read' } },
    async (request) => assetsService.listAssets(ctx, principalOf(request), request.query),
  );
  app.get(
    '/api/assets/:id',
    { schema: { tags: ['assets'], summary: 'One asset with its warranty', params: ZIdParams, response: { 200: ZAssetView } }, config: { access: 'assets.read' } },
    async (request) => assetsService.getAsset(ctx, principalOf(request), request.params.id),
  );
  app.post(
    '/api/assets',
    { schema: { tags: ['assets'], summary: 'Register a sold or installed unit', body: ZCreateAssetBody, response: { 201: ZAssetView } }, config: { access: 'assets.write' } },
    async (request, reply) => {
      const principal = principalOf(request);
      const row = await assetsService.createAsset(ctx, actorOf(principal, request), request.body);
      return reply.status(201).send(await assetsService.getAsset(ctx, principal, row.id));
    },
  );
  app.patch(
    '/api/assets/:id',
    { schema: { tags: ['assets'], summary: 'Update an asset', params: ZIdParams, body: ZUpdateAssetBody, response: { 200: ZAssetView } }, config: { access: 'assets.write' } },
    async (request) => {
      const principal = principalOf(request);
      await assetsService.updateAsset(ctx, actorOf(principal, request), request.params.id, request.body);
      return assetsService.getAsset(ctx, principal, request.params.id);
    },
  );
  app.put(
    '/api/assets/:id/warranty-override',
    { schema: { tags: ['assets'], summary: 'Override the warranty end with a reason (null restores the computed end)', params: ZIdParams, body: ZWarrantyOverrideBody, response: { 200: ZAssetView } }, config: { access: 'assets.warranty_override' } },
    async (request) => {
      const principal = principalOf(request);
      await assetsService.overrideWarranty(ctx, actorOf(principal, request), request.params.id, request.body);
      return assetsService.getAsset(ctx, principal, request.params.id);
    },
  );
  app.get(
    '/api/warranty/check',
    {
      schema: {
        tags: ['assets'],
        summary: 'Warranty of a serial number or asset on a date (default today, Asia/Shanghai)',
        querystring: ZWarrantyCheckQuery,
        response: { 200: z.object({ asset: z.object({ id: z.uuid(), serialNumber: z.string(), modelName: z.string(), customerName: z.string() }), warranty: ZWarrantyCheck }) },
      },
      config: { access: 'assets.read' },
    },
    async (request) => assetsService.checkAssetWarranty(ctx, principalOf(request), request.query),
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams, ZPageQuery, zPage } from '../../../contracts/common';
import { ZAbsenceBody, ZCertificationBody, ZCreateTechnicianBody, ZTechnicianView, ZUpdateTechnicianBody, ZVehicleBody, ZVehicleView } from '../../../contracts/dispatch';
import type { AppContext } from '../../platform/context';
import { principalOf } from '../../platform/http';
import { actorOf } from '../../platform/principal';
import * as service from './technicians.service';

const ZBooleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');
const ZTechnicianListQuery = ZPageQuery.extend({ q: z.string().trim().max(64).optional(), outletId: z.uuid().optional(), isActive: ZBooleanQuery.optional() });
const ZVehicleListQuery = ZTechnicianListQuery;
const ZCertificationParams = z.strictObject({ id: z.uuid(), certificationId: z.uuid() });
const ZAbsenceParams = z.strictObject({ id: z.uuid(), absenceId: z.uuid() });

/** Technicians (certifications, absences) and vehicles. Reads are scoped to the outlet for outlet staff. */
export const techniciansRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/technicians',
    { schema: { tags: ['technicians'], summary: 'List technicians (scoped)', querystring: ZTechnicianListQuery, response: { 200: zPage(ZTechnicianView) } }, config: { access: 'technicians.read' } },
    async (request) => service.listTechnicians(ctx, principalOf(request), request.query),
  );

  // Declared before /:id so "me" is never taken for an id.
  app.get(
    '/api/technicians/me',
    { schema: { tags: ['technicians'], summary: "The signed-in technician's own record", response: { 200: ZTechnicianView } }, config: { access: 'workorders.field' } },
    async (request) => service.getMyTechnician(ctx, principalOf(request)),
  );

  app.get(
    '/api/technicians/:id',
    { schema: { tags: ['technicians'], summary: 'One technician', params: ZIdParams, response: { 200: ZTechnicianView } }, config: { access: 'technicians.read' } },
    async (request) => service.getTechnician(ctx, principalOf(request), request.params.id),
  );

  app.post(
    '/api/technicians',
    { schema: { tags: ['technicians'], summary: 'Make a technician user a technician of an outlet', body: ZCreateTechnicianBody, response: { 201: ZTechnicianView } }, config: { access: 'technicians.manage' } },
    async (request, reply) => reply.status(201).send(await service.createTechnician(ctx, actorOf(principalOf(request), request), request.body)),
  );

  app.patch(
    '/api/technicians/:id',
    { schema: { tags: ['technicians'], summary: 'Update a technician', params: ZIdParams, body: ZUpdateTechnicianBody, response: { 200: ZTechnicianView } }, config: { access: 'technicians.manage' } },
    async (request) => service.updateTechnician(ctx, actorOf(principalOf(request), request), request.params.id, request.body),
  );

  app.post(
    '/api/technicians/:id/certifications',
    { schema: { tags: ['technicians'], summary: 'Add a certification', params: ZIdParams, body: ZCertificationBody, response: { 201: ZTechnicianView } }, config: { access: 'technicians.manage' } },
    async (request, reply) => reply.status(201).send(await service.addCertification(ctx, actorOf(principalOf(request), request), request.params.id, request.body)),
  );

  app.delete(
    '/api/technicians/:id/certifications/:certificationId',
    { schema: { tags: ['technicians'], summary: 'Remove a certification', params: ZCertificationParams, response: { 200: ZTechnicianView } }, config: { access: 'technicians.manage' } },
    async (request) => service.removeCertification(ctx, actorOf(principalOf(request), request), request.params.id, request.params.certificationId),
  );

  app.post(
    '/api/technicians/:id/absences',
    { schema: { tags: ['technicians'], summary: 'Add an absence (leave, training)', params: ZIdParams, body: ZAbsenceBody, response: { 201: ZTechnicianView } }, config: { access: 'technicians.manage' } },
    async (request, reply) => reply.status(201).send(await service.addAbsence(ctx, actorOf(principalOf(request), request), request.params.id, request.body)),
  );

  app.delete(
    '/api/technicians/:id/absences/:absenceId',
    { schema: { tags: ['technicians'], summary: 'Remove an absence', params: ZAbsenceParams, response: { 200: ZTechnicianView } }, config: { access: 'technicians.manage' } },
    async (request) => service.removeAbsence(ctx, actorOf(principalOf(request), request), request.params.id, request.params.absenceId),
  );

  app.get(
    '/api/vehicles',
    { schema: { tags: ['technicians'], summary: 'List vehicles (scoped)', querystring: ZVehicleListQuery, response: { 200: zPage(ZVehicleView) } }, config: { access: 'technicians.read' } },
    async (request) => service.listVehicles(ctx, principalOf(request), request.query),
  );

  app.post(
    '/api/vehicles',
    { schema: { tags: ['technicians'], summary: 'Register a vehicle', body: ZVehicleBody, response: { 201: ZVehicleView } }, config: { access: 'technicians.manage' } },
    async (request, reply) => reply.status(201).send(await service.createVehicle(ctx, actorOf(principalOf(request), request), request.body)),
  );

  app.patch(
    '/api/vehicles/:id',
    { schema: { tags: ['technicians'], summary: 'Update a vehicle', params: ZIdParams, body: ZVehicleBody.partial(), response: { 200: ZVehicleView } }, config: { access: 'technicians.manage' } },
    async (request) => service.updateVehicle(ctx, actorOf(principalOf(request), request), request.params.id, request.body),
  );
};

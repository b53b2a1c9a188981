/** The customer portal module's surface. */
export { portalRoutes } from './portal.routes';
export { resolvePortalSession } from './portal.service';

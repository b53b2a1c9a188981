/** The auth module's surface for other modules and the app. */
export { authRoutes } from './auth.routes';
export { usersRoutes } from './users.routes';
export { tokensRoutes } from './tokens.routes';
export { resolveSession, ensureFirstAdmin } from './auth.service';
export { resolveApiToken } from './tokens.service';
export { createUser } from './users.service';
export { findDisplayName } from './users.service';
export { findEmailsOfRole } from './users.service';

/** Types of the API, inferred from the shared zod contracts (type-only imports: no zod in the bundle). */
import type { z } from 'zod';
import type { ZMe, ZSessionView, ZChangePasswordBody, ZUpdatePreferencesBody, ZLoginBody } from '../../../contracts/auth';
import type { ZUserView, ZCreateUserBody, ZUpdateUserBody, ZUserWithPassword, ZResetPasswordBody } from '../../../contracts/users';
import type { ZOutletView, ZCreateOutletBody, ZUpdateOutletBody } from '../../../contracts/outlets';
import type { ZAuditEntry } from '../../../contracts/audit';
import type { ZApiTokenView, ZCreateApiTokenBody, ZCreatedApiToken } from '../../../contracts/tokens';

export type { Permission, Role, RouteAccess, DataScope } from '../../../contracts/permissions';
export type { ErrorCode, ErrorDetail } from '../../../contracts/errors';

export type Me = z.infer<typeof ZMe>;
export type LoginBody = z.input<typeof ZLoginBody>;
export type SessionView = z.infer<typeof ZSessionView>;
export type ChangePasswordBody = z.input<typeof ZChangePasswordBody>;
export type UpdatePreferencesBody = z.input<typeof ZUpdatePreferencesBody>;

export type UserView = z.infer<typeof ZUserView>;
export type CreateUserBody = z.input<typeof ZCreateUserBody>;
export type UpdateUserBody = z.input<typeof ZUpdateUserBody>;
export type ResetPasswordBody = z.input<typeof ZResetPasswordBody>;
export type UserWithPassword = z.infer<typeof ZUserWithPassword>;

export type OutletView = z.infer<typeof ZOutletView>;
export type CreateOutletBody = z.input<typeof ZCreateOutletBody>;
export type UpdateOutletBody = z.input<typeof ZUpdateOutletBody>;

export type AuditEntry = z.infer<typeof ZAuditEntry>;

export type ApiTokenView = z.infer<typeof ZApiTokenView>;
export type CreateApiTokenBody = z.input<typeof ZCreateApiTokenBody>;
export type CreatedApiToken = z.infer<typeof ZCreatedApiToken>;

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
export type Ok = { ok: true };

export type UserQuery = { q?: string; role?: string; outletId?: string; isDisabled?: 'true' | 'false'; page: number; pageSize: number };
export type OutletQuery = { q?: string; page: number; pageSize: number };
export type AuditQuery = {
  entity?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
};

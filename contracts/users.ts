import { z } from 'zod';
import { LIMITS } from './limits';
import { ZLocale, ZPageQuery, zText } from './common';
import { ZPassword, ZRole } from './auth';
import { MOBILE_PATTERN } from './phones';

export const ZUsername = z
  .string()
  .trim()
  .toLowerCase()
  .min(LIMITS.usernameMin)
  .max(LIMITS.usernameMax)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'letters, digits, dot, dash and underscore only');

/** Mainland mobile number, normalized to 11 digits. */
export const ZMobile = z
  .string()
  .trim()
  .transform((value) => value.replace(/[\s-]/g, '').replace(/^\+?86/, ''))
  .pipe(z.string().regex(MOBILE_PATTERN, 'not a valid mainland mobile number'));

export const ZUserView = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(ZRole),
  outletId: z.uuid().nullable(),
  outletName: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  locale: ZLocale,
  isDisabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TUserView = z.infer<typeof ZUserView>;

const userFields = {
  displayName: zText(LIMITS.displayNameMax),
  roles: z.array(ZRole).min(1).max(8),
  outletId: z.uuid().nullable().optional(),
  phone: ZMobile.nullable().optional(),
  email: z.email().max(120).nullable().optional(),
  locale: ZLocale.optional(),
};

export const ZCreateUserBody = z.strictObject({
  username: ZUsername,
  ...userFields,
  /** When omitted a one-time password is generated and returned once. */
  password: ZPassword.optional(),
});
export type TCreateUserBody = z.infer<typeof ZCreateUserBody>;

export const ZUpdateUserBody = z.strictObject({
  displayName: userFields.displayName.optional(),
  roles: userFields.roles.optional(),
  outletId: userFields.outletId,
  phone: userFields.phone,
  email: userFields.email,
  locale: userFields.locale,
  isDisabled: z.boolean().optional(),
});
export type TUpdateUserBody = z.infer<typeof ZUpdateUserBody>;

export const ZResetPasswordBody = z.strictObject({ password: ZPassword.optional() });

/** Answer to create and reset: the one-time password is shown once, never stored in clear. */
export const ZUserWithPassword = z.object({ user: ZUserView, oneTimePassword: z.string().nullable() });

export const ZListUsersQuery = ZPageQuery.extend({
  q: z.string().trim().max(64).optional(),
  role: ZRole.optional(),
  outletId: z.uuid().optional(),
  isDisabled: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
});

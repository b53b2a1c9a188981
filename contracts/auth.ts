import { z } from 'zod';
import { LIMITS } from './limits';
import { ZLocale } from './common';
import { PERMISSIONS, ROLES } from './permissions';

export const ZRole = z.enum(ROLES);
export const ZPermission = z.enum(PERMISSIONS);

export const ZPassword = z
  .string()
  .min(LIMITS.passwordMin, `at least ${LIMITS.passwordMin} characters`)
  .max(LIMITS.passwordMax)
  .refine((value) => /[A-Za-z]/.test(value) && /[0-9]/.test(value), 'must contain letters and digits');

export const ZLoginBody = z.strictObject({
  username: z.string().trim().min(1).max(LIMITS.usernameMax),
  password: z.string().min(1).max(LIMITS.passwordMax),
});
export type TLoginBody = z.infer<typeof ZLoginBody>;

/** The signed-in principal as the web app sees it. */
export const ZMe = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(ZRole),
  permissions: z.array(ZPermission),
  scope: z.enum(['all', 'outlet', 'self']),
  outletId: z.uuid().nullable(),
  locale: ZLocale,
  mustChangePassword: z.boolean(),
  /** Send back as `X-CSRF-Token` on every state-changing request. */
  csrfToken: z.string(),
});
export type TMe = z.infer<typeof ZMe>;

export const ZChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(LIMITS.passwordMax),
  newPassword: ZPassword,
});

export const ZUpdatePreferencesBody = z.strictObject({ locale: ZLocale });

export const ZSessionView = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  isCurrent: z.boolean(),
});

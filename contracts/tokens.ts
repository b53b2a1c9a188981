import { z } from 'zod';
import { LIMITS } from './limits';
import { zText } from './common';
import { ZPermission } from './auth';

export const ZApiTokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  permissions: z.array(ZPermission),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const ZCreateApiTokenBody = z.strictObject({
  name: zText(LIMITS.tokenNameMax),
  permissions: z.array(ZPermission).min(1),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

/** The clear token appears only in this answer. */
export const ZCreatedApiToken = z.object({ token: ZApiTokenView, secret: z.string() });

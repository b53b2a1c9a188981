/**
 * The follow-up policy edit (followups.settings): the version read guards it (409 `version`
 * when someone saved meanwhile); only the given fields change; one transaction with its audit
 * row. Concurrent edits are serialised by a transaction-scoped advisory lock on the key.
 */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { TFollowupSettings, ZFollowupSettingsUpdate } from '../../../contracts/followups';
import type { AppContext } from '../../platform/context';
import { conflict, invalidField } from '../../platform/errors';
import type { Actor } from '../../platform/principal';
import { recordAudit } from '../audit';
import { followupSettings } from './followups.settings';

export async function getSettings(ctx: AppContext): Promise<TFollowupSettings> {
  return followupSettings.read(ctx.db);
}

export async function updateSettings(ctx: AppContext, actor: Actor, input: z.infer<typeof ZFollowupSettingsUpdate>): Promise<TFollowupSettings> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${followupSettings.key}))`);
    const current = await followupSettings.read(tx);
    if (current.version !== input.version) throw conflict('The follow-up settings were changed meanwhile; reload them', [{ path: ['version'], message: `current version is ${current.version}` }]);
    const { version: _version, ...fields } = input;
    const next: TFollowupSettings = { ...current, ...fields, version: current.version + 1 };
    if (new Set(next.dissatisfactionCategories).size !== next.dissatisfactionCategories.length) throw invalidField(['dissatisfactionCategories'], 'a category is listed twice');
    next.lowRatingCategories.forEach((category, index) => {
      if (!next.dissatisfactionCategories.includes(category)) throw invalidField(['lowRatingCategories', index], `not a dissatisfaction category: ${category}`);
    });
    await followupSettings.write(tx, next, now);
    const before: Record<string, unknown> = {};
    for (const key of Object.keys(fields)) before[key] = current[key as keyof TFollowupSettings];
    await recordAudit(tx, actor, { entity: 'system_setting', entityId: followupSettings.key, action: 'update', before: { ...before, version: current.version }, after: { ...fields, version: next.version } });
    return next;
  });
}

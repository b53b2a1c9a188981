/**
 * The quality module's settings (system setting `quality.settings`): repeat window, fault groups,
 * inspections, the first-time fix streak. The stored JSON carries its own `version` (the system
 * setting row has none): a change names the version it read, a stale one is a 409.
 */
import { sql } from 'drizzle-orm';
import { DEFAULT_QUALITY_SETTINGS, ZQualitySettings, type TQualitySettings, type TUpdateQualitySettingsBody } from '../../../contracts/quality';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/principal';
import { recordAudit } from '../audit';
import { defineSetting } from '../org';

export const qualitySettings = defineSetting('quality.settings', ZQualitySettings, DEFAULT_QUALITY_SETTINGS);

/**
 * Changes only the given fields when `version` is the stored one (else 409 `stale_version`
 * naming `version`, nothing changed); the saved settings get the next version. Writers of the
 * setting are serialized with an advisory lock, so two saves of the same version never both win.
 */
export async function updateQualitySettings(ctx: AppContext, actor: Actor, input: TUpdateQualitySettingsBody): Promise<TQualitySettings> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`setting:${qualitySettings.key}`}))`);
    const before = await qualitySettings.read(tx);
    const { version, ...changes } = input;
    if (version !== before.version) throw new AppError('conflict', 'The quality settings were changed meanwhile; reload them', { details: [{ path: ['version'], message: `the settings are at version ${before.version}`, code: 'stale_version' }] });
    const after: TQualitySettings = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)), version: before.version + 1 };
    await qualitySettings.write(tx, after, ctx.clock.now());
    await recordAudit(tx, actor, { entity: 'setting', entityId: null, action: 'quality.settings', before, after });
    return after;
  });
}

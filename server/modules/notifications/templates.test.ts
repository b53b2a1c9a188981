import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../../../contracts/common';
import { CHANNELS } from '../../../contracts/notifications';
import { queryRows } from '../../db/client';
import { createTestApp, type TestApp } from '../../test/harness';
import { defaultText, TEMPLATES, type TemplateName } from './templates';

describe('templates seeded by migration 0024', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('are the texts of the catalogue: every event × channel × language with a default text, WeChat disabled, no provider code', async () => {
    const seeded = await queryRows<{ event: string; channel: string; locale: string; body: string; is_enabled: boolean; provider_template_code: string | null }>(
      t.app.ctx.db,
      sql`select event, channel, locale, body, is_enabled, provider_template_code from notification_templates`,
    );
    const catalogue = (Object.keys(TEMPLATES) as TemplateName[]).flatMap((event) =>
      CHANNELS.flatMap((channel) => LOCALES.flatMap((locale) => {
        const body = defaultText(event, channel, locale);
        return body ? [{ event, channel, locale, body, is_enabled: channel !== 'wechat', provider_template_code: null }] : [];
      })),
    );
    const key = (row: { event: string; channel: string; locale: string }) => `${row.event}|${row.channel}|${row.locale}`;
    const sorted = <T extends { event: string; channel: string; locale: string }>(rows: T[]) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sorted(seeded)).toEqual(sorted(catalogue));
  });
});

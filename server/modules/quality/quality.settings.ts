/** The quality module's settings (system setting `quality.settings`): repeat window, fault groups, inspections. */
import { DEFAULT_QUALITY_SETTINGS, ZQualitySettings } from '../../../contracts/quality';
import { defineSetting } from '../org';

export const qualitySettings = defineSetting('quality.settings', ZQualitySettings, DEFAULT_QUALITY_SETTINGS);

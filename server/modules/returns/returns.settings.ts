/** The return policy (system setting `returns.settings`): approval limits per role and depreciation. */
import { DEFAULT_RETURN_SETTINGS, ZReturnSettings } from '../../../contracts/returns';
import { defineSetting } from '../org';

export const returnSettings = defineSetting('returns.settings', ZReturnSettings, DEFAULT_RETURN_SETTINGS);

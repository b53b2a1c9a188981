/** The follow-up policy (system setting `followups.settings`). */
import { DEFAULT_FOLLOWUP_SETTINGS, ZFollowupSettings } from '../../../contracts/followups';
import { defineSetting } from '../org';

export const followupSettings = defineSetting('followups.settings', ZFollowupSettings, DEFAULT_FOLLOWUP_SETTINGS);

/**
 * What billing asks of modules above it, and its settings. `BillingContractRates` is the hook
 * for the contracts issue (维保合同): a contract or key-customer rate for a customer's asset.
 * Nobody answers it yet, so quotes use the schedule's rates.
 */
import { DEFAULT_APPROVAL_SETTINGS, ZApprovalSettings } from '../../../contracts/billing';
import { defineLookup } from '../../platform/seam';
import { defineSetting } from '../org';
import type { ContractRate } from './pricing';

export const BillingContractRates = defineLookup<{ customerId: string; assetId: string | null; on: string }, ContractRate | null>('billing.contractRates', () => null);

/** Who approves which discount (setting `billing.approvals`). */
export const billingApprovalSettings = defineSetting('billing.approvals', ZApprovalSettings, DEFAULT_APPROVAL_SETTINGS);

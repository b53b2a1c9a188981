/** What the customers module asks the modules above it (server/platform/seam.ts). */
import { defineLookup } from '../../platform/seam';

/** Number of assets per customer (answered by the assets module; none when it is not wired). */
export const CustomerAssetCounts = defineLookup<string[], Map<string, number>>('customers.assetCounts', () => new Map());

/**
 * What the work order's 备件 panel (desktop) and the phone's parts pieces share: the unit's
 * product model, the readiness labels, the server's "not enough stock" answer.
 */
import { useQuery } from '@tanstack/react-query';
import type { PartsReadiness } from '../../../../contracts/parts';
import { ApiError } from '../../api/client';
import { archiveApi } from '../../api/archive';
import type { MessageKey } from '../../i18n';

/** The product model of the order's unit (parts must fit it); null without an asset or while loading. */
export function useAssetModel(assetId: string | null | undefined): { modelId: string | null; isLoading: boolean } {
  const asset = useQuery({ queryKey: ['assets', 'detail', assetId], queryFn: () => archiveApi.assets.get(assetId!), enabled: Boolean(assetId), staleTime: 5 * 60_000 });
  return { modelId: asset.data?.modelId ?? null, isLoading: Boolean(assetId) && asset.isLoading };
}

export const READINESS_KEYS: Record<PartsReadiness, MessageKey> = {
  none: 'readiness.none',
  requested: 'readiness.requested',
  shortage: 'readiness.shortage',
  ready: 'readiness.ready',
};

/** antd / antd-mobile colours of a readiness (none is not shown on the board). */
export const READINESS_COLORS: Record<PartsReadiness, string> = { none: 'default', requested: 'blue', shortage: 'red', ready: 'green' };

/**
 * The server's 409 for a requisition the warehouse cannot cover ("库存不足：可用 1，需要 2" per
 * line), as one text; null for any other error.
 */
export function shortageText(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const lines = error.details.filter((detail) => detail.path?.[0] === 'lines').map((detail) => detail.message);
  return lines.length ? lines.join('；') : null;
}

/** `CAP-35 启动电容` (the number alone when the name is unknown). */
export function partLabel(part: { partNumber: string; name?: string | null } | undefined, fallbackId: string): string {
  if (!part) return fallbackId.slice(0, 8);
  return part.name ? `${part.partNumber} ${part.name}` : part.partNumber;
}

/** A requisition line's part as `CAP-35 启动电容`, from the line's own fields. */
export function requisitionLineLabel(line: { partId: string; partNumber: string; partName: string }): string {
  return partLabel(line.partNumber ? { partNumber: line.partNumber, name: line.partName } : undefined, line.partId);
}

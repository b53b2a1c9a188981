import { useQuery } from '@tanstack/react-query';
import { LIMITS } from '../../../contracts/limits';
import { api } from '../api/endpoints';

type OutletItem = Awaited<ReturnType<typeof api.outlets.list>>['items'][number];

/** An outlet option's label with its code: "浦东网点（PD01）". */
export const outletNameWithCode = (outlet: OutletItem) => `${outlet.name}（${outlet.code}）`;

/**
 * The outlets the user may see as select options ({ value: id, label: name, or `label(outlet)` })
 * from one shared query, whether it is loading, and whether it has answered (`loaded`).
 */
export function useOutletOptions(enabled = true, label: (outlet: OutletItem) => string = (outlet) => outlet.name) {
  const outlets = useQuery({
    queryKey: ['outlets', 'options'],
    queryFn: () => api.outlets.list({ page: 1, pageSize: LIMITS.pageSizeMax }),
    enabled,
  });
  return { options: (outlets.data?.items ?? []).map((outlet) => ({ value: outlet.id, label: label(outlet) })), isFetching: outlets.isFetching, loaded: !!outlets.data };
}

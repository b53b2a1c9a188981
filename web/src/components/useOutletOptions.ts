import { useQuery } from '@tanstack/react-query';
import { LIMITS } from '../../../contracts/limits';
import { api } from '../api/endpoints';

type OutletItem = Awaited<ReturnType<typeof api.outlets.list>>['items'][number];

/**
 * The outlets the user may see as select options ({ value: id, label: name, or `label(outlet)` })
 * from one shared query, and whether it is loading.
 */
export function useOutletOptions(enabled = true, label: (outlet: OutletItem) => string = (outlet) => outlet.name) {
  const outlets = useQuery({
    queryKey: ['outlets', 'options'],
    queryFn: () => api.outlets.list({ page: 1, pageSize: LIMITS.pageSizeMax }),
    enabled,
  });
  return { options: (outlets.data?.items ?? []).map((outlet) => ({ value: outlet.id, label: label(outlet) })), isFetching: outlets.isFetching };
}

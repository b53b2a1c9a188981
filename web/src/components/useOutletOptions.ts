import { useQuery } from '@tanstack/react-query';
import { LIMITS } from '../../../contracts/limits';
import { api } from '../api/endpoints';

/** The outlets the user may see as select options ({ value: id, label: name }) from one shared query, and whether it is loading. */
export function useOutletOptions(enabled = true) {
  const outlets = useQuery({
    queryKey: ['outlets', 'options'],
    queryFn: () => api.outlets.list({ page: 1, pageSize: LIMITS.pageSizeMax }),
    enabled,
  });
  return { options: (outlets.data?.items ?? []).map((outlet) => ({ value: outlet.id, label: outlet.name })), isFetching: outlets.isFetching };
}

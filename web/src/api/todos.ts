/** The staff to-do list (the header bell and the 待办 page). */
import type { TodoList } from '../../../contracts/todos';
import { http } from './client';

export type { TodoItem, TodoList } from '../../../contracts/todos';

export const todosApi = {
  list: () => http.get<TodoList>('/api/todos'),
};

/** The query key and refresh of the to-dos: live enough for a queue, cheap for the server. */
export const TODOS_QUERY = { queryKey: ['todos'], queryFn: () => todosApi.list(), refetchInterval: 60_000, refetchOnWindowFocus: true } as const;

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZTodoList } from '../../contracts/todos';
import type { AppContext } from '../platform/context';
import { principalOf } from '../platform/http';
import { listTodos } from './todos';

/** The signed-in person's to-dos (the header bell and the 待办 page). */
export const todosRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/todos',
    { schema: { tags: ['todos'], summary: 'What waits for me: counts by kind within my scope, each with the page that deals with it', response: { 200: ZTodoList } }, config: { access: 'authenticated' } },
    async (request) => listTodos(ctx, principalOf(request)),
  );
};

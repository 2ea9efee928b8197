import { ZCreateUserRequest, ZIdParams, ZPage, ZUpdateUserRequest, ZUser, ZUserListQuery } from '@qiangjian/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { actorOf } from '../../http/request-context.js';
import * as users from './users.service.js';

export const userRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/users', { schema: { tags: ['users'], querystring: ZUserListQuery, response: { 200: ZPage(ZUser) } } }, async (req) =>
    users.listUsers(ctx, actorOf(req), req.query),
  );
  app.get('/users/:id', { schema: { tags: ['users'], params: ZIdParams, response: { 200: ZUser } } }, async (req) =>
    users.getUser(ctx, actorOf(req), req.params.id),
  );
  app.post('/users', { schema: { tags: ['users'], body: ZCreateUserRequest, response: { 201: ZUser } } }, async (req, reply) => {
    reply.status(201);
    return users.createUser(ctx, actorOf(req), req.body);
  });
  app.patch(
    '/users/:id',
    { schema: { tags: ['users'], params: ZIdParams, body: ZUpdateUserRequest, response: { 200: ZUser } } },
    async (req) => users.updateUser(ctx, actorOf(req), req.params.id, req.body),
  );
};

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from './errors';

/**
 * Serves the built web app: hashed assets cached for a year, and index.html for every other GET
 * outside /api so that the client-side router owns the URL.
 */
export const webAppPlugin = fp(
  async (app: FastifyInstance, { root }: { root: string }) => {
    if (!existsSync(join(root, 'index.html'))) {
      app.log.warn('web app not built; run `npm run build` to serve it');
      return;
    }
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      setHeaders: (res, path) => {
        res.setHeader(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    // Every other GET is a client-side route: answer with index.html. Unknown API and asset
    // paths still get the problem+json 404 rather than a page.
    app.get('/*', { config: { public: true }, schema: { hide: true } }, (request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (path.startsWith('/api/') || path.startsWith('/assets/')) {
        return sendProblem(request, reply, 'route_not_found', `No endpoint ${request.method} ${path}`);
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  },
  { name: 'web-app', dependencies: ['errors'] },
);

import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { TwowayError } from '../domain/errors.js';
import type { MeshVocabulary } from '../domain/mesh/vocabulary.js';
import { loadMesh } from '../store/mesh-data.js';
import type { Store } from '../store/open-store.js';
import { handleError } from './http-error.js';
import { JobBoard } from './jobs.js';
import { Searcher } from '../store/jobs/searcher.js';
import { Retrainer, RETRAIN_DEBOUNCE_MS } from './retrainer.js';
import { prioritiseRoutes } from './routes/prioritise-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { codingRoutes } from './routes/coding-routes.js';
import { projectRoutes } from './routes/project-routes.js';
import { recordRoutes } from './routes/record-routes.js';
import { fullTextRoutes } from './routes/full-text-routes.js';
import { recordListRoutes } from './routes/record-list-routes.js';
import { activityRoutes } from './routes/activity-routes.js';
import { interopRoutes } from './routes/interop-routes.js';
import { registryRoutes } from './routes/registry-routes.js';
import { reportRoutes } from './routes/report-routes.js';
import type { RouteContext } from './routes/route-context.js';
import { screeningRoutes } from './routes/screening-routes.js';
import { synthesisRoutes } from './routes/synthesis-routes.js';
import { workRoutes } from './routes/work-routes.js';
import { registerSessions, requireSessions } from './session.js';

/** The web application's built pages (npm run build:web), shipped in the package. */
export const WEB_ROOT = join(import.meta.dirname, '..', '..', 'web', 'dist');

export interface AppOptions {
  store: Store;
  /** Where the built web pages are; without them the server offers the API alone. */
  webRoot?: string;
  secureCookies?: boolean;
  logger?: FastifyServerOptions['logger'];
  /** Sign-in attempts allowed per address and username a minute. */
  loginAttemptsPerMinute?: number;
  /**
   * Sign-in attempts allowed per address a minute, whatever the usernames: each costs a scrypt, and 305 from one
   * address with other names slowed everyone's sign-in from 80 ms to 2.8 s.
   */
  loginAttemptsPerAddressPerMinute?: number;
  /** JSON request bodies above this many bytes are refused (uploads have their own limit). */
  bodyLimit?: number;
  maxUploadBytes?: number;
  uploadDir?: string;
  meshPath?: string;
  /** How long a retrain of the prioritisation model waits for more decisions (RETRAIN_DEBOUNCE_MS). */
  retrainDebounceMs?: number;
}

export interface TwowayApp {
  app: FastifyInstance;
  jobs: JobBoard;
  retrainer: Retrainer;
}

/**
 * The Twoway server: the REST API under /api/v1 (OpenAPI 3.1 at /api/openapi.json) and the web pages.
 * @example const { app } = await buildApp({ store }); await app.listen({ port: 4280 })
 */
export async function buildApp(options: AppOptions): Promise<TwowayApp> {
  const { store } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setErrorHandler(handleError);
  const jobs = new JobBoard((entry) => app.log.error(entry, 'a job failed'));
  const retrainer = new Retrainer(
    store,
    (entry) => app.log.error(entry, 'a retrain failed'),
    options.retrainDebounceMs ?? RETRAIN_DEBOUNCE_MS,
  );
  app.addHook('onClose', () => retrainer.close());
  const searcher = new Searcher(store, options.meshPath);
  app.addHook('onClose', () => searcher.close());
  let mesh: Promise<MeshVocabulary> | undefined;
  const context: RouteContext = {
    store,
    jobs,
    retrainer,
    searcher,
    secureCookies: options.secureCookies ?? false,
    loginLimit: { max: options.loginAttemptsPerMinute ?? 10, timeWindow: 60_000 },
    loginLimitPerAddress: { max: options.loginAttemptsPerAddressPerMinute ?? 30, timeWindow: 60_000 },
    mesh: () => (mesh ??= loadMesh(options.meshPath)),
    uploadDir: options.uploadDir ?? join(tmpdir(), 'twoway-uploads'),
    maxUploadBytes: options.maxUploadBytes ?? 2 * 1024 ** 3,
  };

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        // only behind TLS: served over plain HTTP on a LAN address, it would send the pages' requests to https
        upgradeInsecureRequests: context.secureCookies ? [] : null,
      },
    },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart);
  await app.register(fastifyRateLimit, {
    // limits are set route by route (sign-in: auth-routes.ts), as preHandlers, after the body is parsed
    global: false,
    hook: 'preHandler',
    errorResponseBuilder: (_request, context) =>
      new TwowayError({
        code: 'E_RATE_LIMITED',
        message: `too many sign-in attempts: try again in ${Math.ceil(context.ttl / 1000)} s`,
      }),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Twoway API',
        version: '1',
        description:
          'Evidence workbench and two-way benefit reporting. Sign in with POST /api/v1/login (a session cookie); every request that changes something sends the session’s CSRF token in the x-csrf-token header. Errors are { "error": { "code", "message" } }.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'twoway_session' } },
      },
    },
  });
  registerSessions(app, store);
  requireSessions(app);
  // how long the server took, for the browser's network panel and bench:server (W3C Server Timing)
  app.addHook('onSend', async (_request, reply) => {
    void reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(2)}`);
  });

  await app.register(
    async (api) => {
      await api.register(authRoutes(context));
      await api.register(projectRoutes(context));
      await api.register(screeningRoutes(context));
      await api.register(recordRoutes(context));
      await api.register(recordListRoutes(context));
      await api.register(fullTextRoutes(context));
      await api.register(workRoutes(context));
      await api.register(reportRoutes(context));
      await api.register(codingRoutes(context));
      await api.register(synthesisRoutes(context));
      await api.register(registryRoutes(context));
      await api.register(activityRoutes(context));
      await api.register(interopRoutes(context));
      await api.register(prioritiseRoutes(context));
    },
    { prefix: '/api/v1' },
  );
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const webRoot = options.webRoot ?? WEB_ROOT;
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    reply
      .status(404)
      .send({ error: { code: 'E_NOT_FOUND', message: `no ${request.method} ${request.url.split('?')[0]}` } });
  if (existsSync(join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false });
    // the pages route in the browser: any other page address gets the app
    app.setNotFoundHandler((request, reply) =>
      request.method === 'GET' && !request.url.startsWith('/api/')
        ? reply.sendFile('index.html')
        : notFound(request, reply),
    );
  } else {
    // without the built pages the server still says what it is and where its API is described
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><title>Twoway</title><h1>Twoway</h1><p>The Twoway API is running under <code>/api/v1</code>; its OpenAPI document is <a href="/api/openapi.json">/api/openapi.json</a>. The web pages are not built into this copy.</p>',
        ),
    );
    app.setNotFoundHandler(notFound);
  }
  await app.ready();
  return { app, jobs, retrainer };
}

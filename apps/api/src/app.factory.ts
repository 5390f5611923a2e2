import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { createLogger, PinoNestLogger, SystemClock, type AppConfig, type Clock } from '@ehc/platform';
import { AppModule } from './app.module.js';
import { ProblemFilter } from './common/problem.filter.js';
import { problemDetails } from './common/problem-details.js';
import { buildOpenApiDocument } from './common/openapi.js';
import { createValidationPipe } from './common/validation.js';
import { securityHeaders } from './common/security-headers.js';
import { MetricsService } from './metrics/metrics.service.js';
import { validClientIp } from './common/client-ip.js';
import { parseJsonBody } from './common/json-body.js';
import { replyJson } from './cases/case-detail-json.js';

export interface ApiOptions {
  config: AppConfig;
  clock?: Clock;
  dataSource?: DataSource;
  webRoot?: string | null;
}

/** Hashes of index.html's inline scripts, so the Content-Security-Policy can forbid every other inline script. */
function inlineScriptHashes(indexHtml: string): string[] {
  return [...indexHtml.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`,
  );
}

/** Builds the api (also used by the tests, so they run exactly what production runs). */
export async function createApi(o: ApiOptions): Promise<NestFastifyApplication> {
  const { config } = o;
  const logger = createLogger(config.logLevel, 'ehc-api');
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // X-Forwarded-For is believed only from the proxies named in TRUSTED_PROXIES (none by default): otherwise any
    // client could pick a new address per request and slip past the per-address sign-in limit.
    trustProxy: config.trustedProxies.length ? config.trustedProxies : false,
    // Request ids help correlate logs; the URL carries ids only (never personal data, docs/architecture.md invariant 9).
    genReqId: () => crypto.randomUUID(),
    // Router errors (a malformed URL, an over-long path parameter) answer as a Problem and never echo the URL back.
    frameworkErrors: (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      const statusCode =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? 414
          : err.statusCode && err.statusCode >= 400 && err.statusCode < 500
            ? err.statusCode
            : 400;
      // No instance here: the URL itself is what is malformed, and it is never echoed back.
      void reply
        .status(statusCode)
        .type('application/problem+json; charset=utf-8')
        .send(
          problemDetails(
            statusCode,
            err.code ?? 'INVALID_REQUEST',
            statusCode === 414 ? 'A value in the URL is longer than allowed' : 'The URL is not valid',
            undefined,
          ),
        );
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, o.clock ?? new SystemClock(), o.dataSource),
    adapter,
    {
      logger: new PinoNestLogger(logger),
      bufferLogs: false,
    },
  );
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();

  const webRoot = o.webRoot === undefined ? resolve('dist/web/browser') : o.webRoot;
  const indexPath = webRoot ? join(webRoot, 'index.html') : null;
  const indexHtml = indexPath && existsSync(indexPath) ? readFileSync(indexPath, 'utf8') : null;

  // Helmet's headers on every response (api, static files, errors), computed once: the options are static.
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...(indexHtml ? inlineScriptHashes(indexHtml) : [])],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: config.cookieSecure ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
    // The same rule as the CSP's frame-ancestors 'none', for browsers that only know the older header.
    frameguard: { action: 'deny' },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (req, reply, done) => {
      // Only a valid IP address is ever recorded as the client's (see client-ip.ts).
      const ip = validClientIp(req.ip, req.socket?.remoteAddress);
      if (ip !== req.ip) Object.defineProperty(req, 'ip', { value: ip, configurable: true, enumerable: true });
      reply.headers(headers.set);
      // Api answers carry children's personal data (or may, in an error): no browser or proxy cache may keep them.
      if (req.url.startsWith('/api/') || req.url === '/api') reply.header('cache-control', 'no-store');
      for (const name of headers.remove) reply.removeHeader(name);
      done();
    });
  await app.register(cookie as any);
  // CORS closed by default: the web app is served from the same origin.
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins, credentials: true });

  const fastify = app.getHttpAdapter().getInstance();
  // Bodies as fastify writes them without a response schema (JSON.stringify; none of our routes has one), except a
  // case's answer, whose field lists' text is kept between answers (case-detail-json.ts: CPU per command). Set before
  // Nest registers the routes (app.init), which take the serializer when they are made.
  fastify.setReplySerializer(replyJson);
  // JSON bodies: no NUL, no lone surrogate, bounded nesting (json-body.ts); a 400 problem before any handler runs.
  app.useBodyParser('application/json', { bodyLimit: config.bodyLimitBytes }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body.toString('utf8')));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  // Imports are streamed to the handler line by line, with their own (larger) size limit.
  fastify.addContentTypeParser(
    'application/x-ndjson',
    { bodyLimit: config.importBodyLimitBytes },
    (_req: unknown, payload: unknown, done: (e: Error | null, body?: unknown) => void) => done(null, payload),
  );
  // Documents are streamed into the database in chunks (never held whole in memory); the service enforces the size limit.
  fastify.addContentTypeParser(
    'application/octet-stream',
    (_req: unknown, payload: unknown, done: (e: Error | null, body?: unknown) => void) => done(null, payload),
  );
  const metrics = app.get(MetricsService).metrics;
  fastify.addHook('onResponse', (req, reply, done) => {
    // Route templates only (/api/cases/:id), so no id ever becomes a label.
    metrics.observeRequest(
      req.method,
      req.routeOptions?.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    logger.info(
      {
        reqId: req.id,
        method: req.method,
        route: req.routeOptions?.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
    done();
  });

  // Prometheus scrapes /metrics (outside /api: no session, no CSRF). With METRICS_TOKEN set it needs that bearer token.
  fastify.get('/metrics', async (req: FastifyRequest, reply: FastifyReply) => {
    if (config.metricsToken && req.headers.authorization !== `Bearer ${config.metricsToken}`) {
      return reply.status(401).type('application/problem+json').send({
        statusCode: 401,
        code: 'METRICS_TOKEN_REQUIRED',
        message: 'Send Authorization: Bearer <METRICS_TOKEN>',
      });
    }
    return reply
      .header('cache-control', 'no-store')
      .type(metrics.registry.contentType)
      .send(await metrics.registry.metrics());
  });

  if (config.apiDocs) {
    SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app));
  }

  if (webRoot && indexHtml) {
    await app.register(fastifyStatic as any, { root: webRoot, prefix: '/', wildcard: false, index: false });
    // The Angular app routes on the client: any other GET outside /api gets index.html. Nest keeps its own
    // not-found handler (a Problem body) for everything else; files and API routes are more specific than '/*'.
    fastify.route({
      method: ['GET', 'HEAD'],
      url: '/*',
      handler: (req: { url: string }, reply: any) => {
        if (req.url.startsWith('/api/') || req.url === '/api') {
          return reply
            .status(404)
            .type('application/problem+json')
            .send(problemDetails(404, 'NOT_FOUND', `No route for GET ${req.url.split('?')[0]}`, req.url));
        }
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
      },
    });
  }
  return app;
}

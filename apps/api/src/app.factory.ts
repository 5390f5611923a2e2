import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
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
import { createValidationPipe } from './common/validation.js';
import { securityHeaders } from './common/security-headers.js';

export interface ApiOptions {
  config: AppConfig;
  clock?: Clock;
  dataSource?: DataSource;
  webRoot?: string | null;
}

/** Hashes of index.html's inline scripts, so the Content-Security-Policy can forbid every other inline script. */
function inlineScriptHashes(indexHtml: string): string[] {
  return [...indexHtml.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
    .map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
}

/** Builds the api (also used by the tests, so they run exactly what production runs). */
export async function createApi(o: ApiOptions): Promise<NestFastifyApplication> {
  const { config } = o;
  const logger = createLogger(config.logLevel, 'ehc-api');
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: true,
    // Request ids help correlate logs; the URL carries ids only (never personal data, invariant 9).
    genReqId: () => crypto.randomUUID(),
    // Router errors (a malformed URL, an over-long path parameter) answer as a Problem and never echo the URL back.
    frameworkErrors: (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      const statusCode = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
      void reply.status(statusCode).type('application/problem+json; charset=utf-8').send({
        statusCode, code: err.code ?? 'INVALID_REQUEST',
        message: statusCode === 414 ? 'A value in the URL is longer than allowed' : 'The URL is not valid',
      });
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, o.clock ?? new SystemClock(), o.dataSource), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
  });
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
  });
  app.getHttpAdapter().getInstance().addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers.set);
    for (const name of headers.remove) reply.removeHeader(name);
    done();
  });
  await app.register(cookie as any);
  // CORS closed by default: the web app is served from the same origin.
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins, credentials: true });

  const fastify = app.getHttpAdapter().getInstance();
  // Imports are streamed to the handler line by line, with their own (larger) size limit.
  fastify.addContentTypeParser('application/x-ndjson', { bodyLimit: config.importBodyLimitBytes }, (_req: unknown, payload: unknown, done: (e: Error | null, body?: unknown) => void) => done(null, payload));
  // Documents are streamed into the database in chunks (never held whole in memory); the service enforces the size limit.
  fastify.addContentTypeParser('application/octet-stream', (_req: unknown, payload: unknown, done: (e: Error | null, body?: unknown) => void) => done(null, payload));
  fastify.addHook('onResponse', (req, reply, done) => {
    logger.info({ reqId: req.id, method: req.method, route: req.routeOptions?.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    done();
  });

  if (config.nodeEnv !== 'production' || process.env.API_DOCS === 'true') {
    const doc = SwaggerModule.createDocument(app, new DocumentBuilder()
      .setTitle('EHC needs assessment API')
      .setDescription('Cases, case events, deadlines, alerts and the timeliness measure. Errors are problem+json bodies with a stable code.')
      .setVersion('0.1').addCookieAuth('ehc_session').build());
    SwaggerModule.setup('api/docs', app, doc);
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
          return reply.status(404).type('application/problem+json').send({ statusCode: 404, code: 'NOT_FOUND', message: `No route for GET ${req.url.split('?')[0]}` });
        }
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
      },
    });
  }
  return app;
}

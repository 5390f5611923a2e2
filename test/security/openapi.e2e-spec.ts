import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { EVENT_FIELDS } from '@ehc/workflow';
import { RECORDABLE_EVENT_TYPES } from '../../apps/api/src/cases/command-event.js';
import { startApi, XHR, type ApiHarness } from './api-harness.js';

/**
 * The OpenAPI document at /api/docs-json describes every route the api serves: its parameters, its body, its success
 * response and its problem responses (RFC 9457), and the session cookie on every route that needs it. A new route, a
 * path or query parameter, or a status a route answers that the document does not list FAILS this test.
 */
interface Route {
  method: string;
  path: string;
  key: string;
  queryDto?: Function;
  hasBody: boolean;
}

function discoverRoutes(h: ApiHarness): Route[] {
  const out: Route[] = [];
  for (const module of h.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const ctor = wrapper.metatype as Function | undefined;
      if (!ctor?.prototype) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, ctor) ?? '');
      for (const name of Object.getOwnPropertyNames(ctor.prototype)) {
        const handler = ctor.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const m = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (m === undefined) continue;
        const path = `/${['api', base, String(Reflect.getMetadata(PATH_METADATA, handler) ?? '')].join('/')}`
          .replace(/\/+/g, '/')
          .replace(/\/$/, '')
          .replace(/:(\w+)/g, '{$1}');
        const method = RequestMethod[m];
        const args: Record<string, { index: number; data?: unknown }> =
          Reflect.getMetadata('__routeArguments__', ctor, name) ?? {};
        const types: unknown[] = Reflect.getMetadata('design:paramtypes', ctor.prototype, name) ?? [];
        const query = Object.entries(args).find(([k, a]) => k.startsWith('4:') && a.data === undefined);
        out.push({
          method,
          path,
          key: `${method} ${path}`,
          queryDto: query ? (types[query[1].index] as Function) : undefined,
          hasBody: Object.keys(args).some((k) => k.startsWith('3:')),
        });
      }
    }
  }
  return out;
}

describe('the OpenAPI document describes every route and every response', () => {
  let h: ApiHarness;
  let doc: any;
  let routes: Route[];
  beforeAll(async () => {
    h = await startApi('openapi');
    const res = await h.app.inject({ method: 'GET', url: '/api/docs-json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
    routes = discoverRoutes(h);
  });
  afterAll(async () => h?.close());

  const op = (r: Route) => doc.paths[r.path]?.[r.method.toLowerCase()];

  it('has an operation with a summary and a success response for every route', () => {
    expect(routes.length).toBeGreaterThan(20);
    // A success is a 2xx, or for a redirecting route (council sign-in) its 3xx with a Location.
    const missing = routes
      .filter(
        (r) =>
          !op(r)?.summary || !Object.keys(op(r)?.responses ?? {}).some((s) => /^2\d\d$/.test(s) || /^3\d\d$/.test(s)),
      )
      .map((r) => r.key);
    expect(missing).toEqual([]);
  });

  it("describes the body of every success response (generated from the handler's return type), or says there is none", () => {
    const problems: string[] = [];
    for (const r of routes) {
      for (const [s, resp] of Object.entries<any>(op(r)?.responses ?? {})) {
        if (!/^2\d\d$/.test(s)) continue;
        if (s === '204') {
          if (resp.content) problems.push(`${r.key}: 204 with a body`);
          continue;
        }
        const schemas = Object.values<any>(resp.content ?? {}).map((c) => c.schema);
        if (!schemas.length || schemas.some((x) => !x || Object.keys(x).length === 0))
          problems.push(`${r.key}: ${s} has no body schema`);
      }
    }
    expect(problems).toEqual([]);
    const caseDetail = doc.components.schemas.CaseDetail;
    expect(caseDetail.required).toEqual(expect.arrayContaining(['id', 'reference', 'deadlines', 'allowedEvents']));
    expect(
      op({ method: 'GET', path: '/api/cases/{id}' } as Route).responses['200'].content['application/json'].schema,
    ).toEqual({ $ref: '#/components/schemas/CaseDetail' });
  });

  it('declares every path parameter and every query parameter of the DTOs', () => {
    const problems: string[] = [];
    for (const r of routes) {
      const params: any[] = op(r)?.parameters ?? [];
      for (const [, name] of r.path.matchAll(/\{(\w+)\}/g))
        if (!params.some((p) => p.in === 'path' && p.name === name)) problems.push(`${r.key}: path ${name}`);
      if (r.queryDto) {
        const props = new Set(
          getMetadataStorage()
            .getTargetValidationMetadatas(r.queryDto, '', true, false)
            .map((m) => m.propertyName),
        );
        for (const name of props)
          if (!params.some((p) => p.in === 'query' && p.name === name)) problems.push(`${r.key}: query ${name}`);
      }
      if (r.hasBody && !op(r)?.requestBody) problems.push(`${r.key}: body`);
    }
    expect(problems).toEqual([]);
  });

  it('gives every request body a schema with properties, and the case events their schemas from EVENT_FIELDS', () => {
    const refs = routes
      .flatMap((r) => Object.values(op(r)?.requestBody?.content ?? {}).map((c: any) => c.schema?.$ref))
      .filter(Boolean);
    const empty = refs.filter(
      (ref: string) => Object.keys(doc.components.schemas[ref.split('/').pop()!]?.properties ?? {}).length === 0,
    );
    expect(empty).toEqual([]);
    // Every $ref anywhere in the document names a schema that exists.
    const dangling = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]*)"/g)]
      .map((m) => m[1])
      .filter((n) => !n || !doc.components.schemas[n!]);
    expect(dangling).toEqual([]);
    expect(
      doc.components.schemas.CreateCaseDto.properties.child.allOf ?? [
        doc.components.schemas.CreateCaseDto.properties.child,
      ],
    ).toEqual(expect.arrayContaining([expect.objectContaining({ $ref: '#/components/schemas/ChildDto' })]));
    const event = doc.components.schemas.AppendEventDto.properties.event;
    expect(event.oneOf).toHaveLength(RECORDABLE_EVENT_TYPES.length);
    for (const t of RECORDABLE_EVENT_TYPES) {
      const s = doc.components.schemas[`${t}Event`];
      expect(Object.keys(s.properties).sort()).toEqual(['type', ...EVENT_FIELDS[t].map((f) => f.name)].sort());
      expect(
        Object.entries<any>(s.properties)
          .filter(([, p]) => !p?.type)
          .map(([name]) => `${t}.${name}`),
      ).toEqual([]);
    }
    expect(doc.components.schemas.ExceptionRecordedEvent.properties.appliesTo.type).toBe('array');
  });

  it('lists problem responses (RFC 9457) and the session cookie where they apply', () => {
    const problems: string[] = [];
    for (const r of routes) {
      const o = op(r);
      if (!o) continue;
      const isPublic = (o.security ?? []).length === 0;
      const need = [
        ...(isPublic ? [] : ['401', '403']),
        ...(/\{/.test(r.path) ? ['404'] : []),
        ...((o.parameters ?? []).some((p: any) => p.in !== 'header') || o.requestBody ? ['400'] : []),
      ];
      for (const s of need) if (!o.responses[s]) problems.push(`${r.key}: ${s}`);
      for (const [s, resp] of Object.entries<any>(o.responses)) {
        // The health check's 503 is its report (which part is down), not an error of the request.
        if (r.key === 'GET /api/health' && s === '503') continue;
        if (
          /^[45]/.test(s) &&
          resp.content?.['application/problem+json']?.schema?.$ref !== '#/components/schemas/Problem'
        )
          problems.push(`${r.key}: ${s} is not a Problem`);
      }
    }
    expect(problems).toEqual([]);
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'ehc_session' });
    expect(op({ method: 'POST', path: '/api/cases/{id}/events' } as Route).responses).toEqual(
      expect.objectContaining({ 409: expect.anything(), 422: expect.anything() }),
    );
  });

  it('documents the status every route answers without a session', async () => {
    const undocumented: string[] = [];
    for (const r of routes) {
      if (r.path.endsWith('/stream')) continue; // server-sent events: refused like the others, checked in endpoint-matrix
      const url = r.path.replace(/\{\w+\}/g, '6f1c3c59-9d1e-4c4e-9b7a-0c0e0c0e0c0e');
      const res = await h.app.inject({
        method: r.method as any,
        url,
        headers: XHR,
        ...(r.hasBody ? { payload: {} } : {}),
      });
      if (!op(r)?.responses[String(res.statusCode)]) undocumented.push(`${r.key} answered ${res.statusCode}`);
    }
    expect(undocumented).toEqual([]);
  });

  it('answers with problem details: type, title, status, detail, instance, and the extensions', async () => {
    const cookie = await h.login('cw-north-1');
    const res = await h.app.inject({
      method: 'GET',
      url: '/api/cases/6f1c3c59-9d1e-4c4e-9b7a-0c0e0c0e0c0e?x=1',
      headers: { cookie },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toEqual({
      type: 'urn:ehc:problem:not-found',
      title: 'Not found',
      status: 404,
      detail: 'The case was not found',
      instance: '/api/cases/6f1c3c59-9d1e-4c4e-9b7a-0c0e0c0e0c0e',
      code: 'NOT_FOUND',
      statusCode: 404,
      message: 'The case was not found',
    });
    const bad = await h.app.inject({
      method: 'POST',
      url: '/api/cases/6f1c3c59-9d1e-4c4e-9b7a-0c0e0c0e0c0e/events',
      headers: { cookie, ...XHR },
      payload: { expectedVersion: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      type: 'urn:ehc:problem:invalid-request',
      status: 400,
      code: 'INVALID_REQUEST',
      errors: expect.any(Array),
    });
  });
});

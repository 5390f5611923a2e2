import type { INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { ApiProperty, DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { EVENT_FIELDS, EVENT_FIELD_RULES, type CaseEventType, type FieldSpec } from '@ehc/workflow';
import { RECORDABLE_EVENT_TYPES } from '../cases/command-event.js';
import { PUBLIC_KEY } from '../auth/roles.decorator.js';
import { SESSION_COOKIE } from '../auth/session-cookie.js';
import { problemTitle } from './problem-details.js';
import { RESPONSE_SCHEMAS, ROUTE_RESPONSES } from './openapi-responses.generated.js';

/**
 * The OpenAPI document, derived from what the api already declares rather than restated:
 * - success responses from each handler's return type (scripts/openapi-responses.mjs generates them, with the types
 *   they name from libs/contracts, into openapi-responses.generated.ts);
 * - request bodies and query parameters from the DTOs' class-validator rules (types, enums, patterns, lengths, which
 *   fields are optional; the rule's message becomes the description);
 * - the case events' schemas from the domain vocabulary, `EVENT_FIELDS` of libs/workflow;
 * - problem responses (RFC 9457) from what every route can answer (400 on bad input, 401/403 unless public, 404 with
 *   a path parameter) plus the few route-specific ones in ROUTE_PROBLEMS;
 * - the session cookie as the security scheme of every route that is not @Public, and the CSRF header on every
 *   state-changing route.
 * openapi.e2e-spec fails when a route, a parameter or a response is undocumented.
 */

const RouteParamtypes = { BODY: 3, QUERY: 4, PARAM: 5 } as const;

/** Problem responses particular to one route ("METHOD /api/path"), besides the ones every route of its kind has. */
export const ROUTE_PROBLEMS: Record<string, Record<number, string>> = {
  'POST /api/auth/login': {
    401: 'SIGN_IN_FAILED: wrong username or password, a disabled or locked account (one message for all)',
    429: 'TOO_MANY_REQUESTS: too many sign-in attempts from this address',
  },
  'POST /api/cases': {
    409: 'REFERENCE_TAKEN, or EVENT_ID_REUSED',
    422: 'UNKNOWN_CASEWORKER, or a date the law does not allow (DATE_IN_FUTURE)',
  },
  'POST /api/cases/{id}/events': {
    409: 'EVENT_NOT_ALLOWED (`allowed` lists what is), VERSION_CONFLICT (`currentVersion`: reload and decide again) or EVENT_ID_REUSED',
    422: 'DATE_ORDER, DATE_IN_FUTURE, UNKNOWN_REFERENCE or EXCEPTION_INVALID: the event breaks the law',
  },
  'POST /api/imports': {
    413: 'PAYLOAD_TOO_LARGE: the file is larger than allowed',
    415: 'UNSUPPORTED_MEDIA_TYPE: send application/x-ndjson',
  },
  'POST /api/admin/users': { 409: 'USERNAME_TAKEN' },
  'PATCH /api/admin/users/{id}': { 409: 'LAST_ADMIN: the last enabled admin cannot be disabled or given another role' },
  // Council sign-in answers 302 (to the provider, or back to the sign-in page) when configured, 404 when it is not.
  'GET /api/auth/oidc/login': {
    302: 'FOUND: to the identity provider, or back to the sign-in page when it does not answer',
    404: 'NOT_FOUND: council sign-in is not configured',
  },
  'GET /api/auth/oidc/callback': {
    302: 'FOUND: into the app with a session, or back to the sign-in page saying why not',
    404: 'NOT_FOUND: council sign-in is not configured',
  },
  'POST /api/admin/queues/{queue}/jobs/{jobId}/retry': {
    409: 'JOB_NOT_FAILED: only a failed job can be retried',
    503: 'REDIS_UNAVAILABLE: the queues cannot be read now',
  },
  'GET /api/admin/queues': { 503: 'REDIS_UNAVAILABLE: the queues cannot be read now' },
  'GET /api/health/ready': { 503: 'NOT_READY: PostgreSQL does not answer (the body names the failing dependency)' },
  'POST /api/cases/{id}/documents': {
    413: 'DOCUMENT_TOO_LARGE: larger than DOCUMENT_MAX_BYTES',
    415: 'DOCUMENT_TYPE_NOT_ALLOWED: the content is not a PDF, Word document or image',
    422: 'UNKNOWN_REFERENCE or EVENT_MISMATCH: the event named is not of this case, or not one this kind of document evidences',
    503: 'DOCUMENT_STORE_UNAVAILABLE: the object store (DOCUMENT_STORAGE=s3) does not answer; nothing was stored',
  },
  'GET /api/cases/{id}/documents/{documentId}/content': {
    503: 'DOCUMENT_STORE_UNAVAILABLE: the object store holding this document does not answer',
  },
};

/** Server-sent event streams (the handler writes to the socket itself, so its return type says nothing). */
const EVENT_STREAMS: Record<string, string> = { 'GET /api/alerts/stream': 'AlertViewWithLateness' };

/** The problem+json body (RFC 9457 with this api's extensions). */
const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code', 'statusCode', 'message'],
  properties: {
    type: { type: 'string', description: 'urn:ehc:problem:<code>, e.g. urn:ehc:problem:version-conflict' },
    title: { type: 'string', description: 'The same for every problem of this code' },
    status: { type: 'integer', description: 'The HTTP status' },
    detail: {
      type: 'string',
      description: 'What is wrong with this request and what would be accepted; never a submitted value',
    },
    instance: { type: 'string', description: 'The path that was called (no query string)' },
    code: {
      type: 'string',
      description:
        'Stable code: INVALID_REQUEST, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, EVENT_NOT_ALLOWED, VERSION_CONFLICT, DATE_ORDER, …',
    },
    errors: {
      type: 'array',
      description: 'Per field',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
    allowed: {
      type: 'array',
      items: { type: 'string' },
      description: 'EVENT_NOT_ALLOWED: the event types allowed now',
    },
    currentVersion: { type: 'integer', description: "VERSION_CONFLICT: the case's version now" },
    statusCode: { type: 'integer', description: 'Same as status (older clients)' },
    message: { type: 'string', description: 'Same as detail (older clients)' },
  },
} as const;

/** The JSON schema of one field of the vocabulary. */
function fieldSchema(f: FieldSpec): Record<string, unknown> {
  const base = { description: f.label };
  switch (f.kind) {
    case 'date':
      return {
        ...base,
        type: 'string',
        format: 'date',
        description: `${f.label} (YYYY-MM-DD, a Europe/London calendar date)`,
      };
    case 'text':
      return { ...base, type: 'string', minLength: 1, maxLength: f.max ?? EVENT_FIELD_RULES.maxText };
    case 'ref':
      return { ...base, type: 'string', pattern: EVENT_FIELD_RULES.ref.source };
    case 'enum':
      return f.many
        ? {
            ...base,
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string', enum: [...(f.options ?? [])] },
          }
        : { ...base, type: 'string', enum: [...(f.options ?? [])] };
    case 'object':
      // EventCorrected.correction: the corrected event's own fields (and date), checked against that event's vocabulary.
      return { ...base, type: 'object', additionalProperties: true };
  }
}

/** The schema of one case event, from EVENT_FIELDS: `type`, then its fields. */
export function eventSchema(type: CaseEventType): Record<string, unknown> {
  const fields = EVENT_FIELDS[type];
  return {
    type: 'object',
    additionalProperties: false,
    required: ['type', ...fields.filter((f) => f.required).map((f) => f.name)],
    properties: {
      type: { type: 'string', enum: [type] },
      ...Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f)])),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// DTOs: class-validator rules → swagger property metadata, applied once per class before the document is built.
// ---------------------------------------------------------------------------------------------

interface Meta {
  type: string;
  name?: string;
  constraints?: any[];
  each?: boolean;
  message?: unknown;
  propertyName: string;
}

const described = new WeakSet<Function>();

function propertyOptions(cls: Function, prop: string, metas: Meta[]): Record<string, unknown> {
  const o: Record<string, any> = { required: true };
  const descriptions: string[] = [];
  let nested: Function | undefined;
  const each = metas.some((m) => m.each) || metas.some((m) => m.name === 'isArray');
  const item: Record<string, any> = {};
  const target = (m: Meta) => (m.each ? item : o);
  for (const m of metas) {
    if (typeof m.message === 'string' && !m.message.includes('$') && !descriptions.includes(m.message))
      descriptions.push(m.message);
    if (m.type === 'conditionalValidation') {
      o.required = false;
      if (m.name !== 'isOptional') o.nullable = true; // ValidateIf(o => o.x !== null): null is a value ("none")
      continue;
    }
    if (m.type === 'nestedValidation') {
      nested = Reflect.getMetadata('design:type', (cls as any).prototype, prop);
      continue;
    }
    const c = m.constraints ?? [];
    switch (m.name) {
      case 'isString':
        target(m).type = 'string';
        break;
      case 'isBoolean':
        target(m).type = 'boolean';
        break;
      case 'isInt':
        target(m).type = 'integer';
        break;
      case 'isIn':
        target(m).enum = [...c[0]];
        target(m).type ??= 'string';
        break;
      case 'matches':
        target(m).pattern = c[0] instanceof RegExp ? c[0].source : String(c[0]);
        target(m).type ??= 'string';
        break;
      case 'isLength':
        target(m).minLength = c[0];
        if (c[1] !== undefined) target(m).maxLength = c[1];
        target(m).type ??= 'string';
        break;
      case 'maxLength':
        target(m).maxLength = c[0];
        target(m).type ??= 'string';
        break;
      case 'min':
        target(m).minimum = c[0];
        break;
      case 'max':
        target(m).maximum = c[0];
        break;
      case 'isUuid':
        target(m).format = 'uuid';
        target(m).type = 'string';
        break;
      case 'isEmail':
        target(m).format = 'email';
        target(m).type = 'string';
        break;
      case 'isCalendarDate':
        target(m).format = 'date';
        target(m).type = 'string';
        break;
      case 'arrayMinSize':
        o.minItems = c[0];
        break;
      case 'arrayMaxSize':
        o.maxItems = c[0];
        break;
      default:
        break;
    }
  }
  if (nested && nested !== Object) {
    describeDto(nested);
    o.type = nested;
  } else if (each) {
    o.type = 'array';
    o.items = { type: item.type ?? 'string', ...item };
  } else {
    o.type ??= 'string';
  }
  if (descriptions.length) o.description = descriptions.join(' ');
  return o;
}

/** Gives a DTO class (and the DTOs nested in it) swagger property metadata from its class-validator rules. */
export function describeDto(cls: Function): void {
  if (described.has(cls)) return;
  described.add(cls);
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false) as unknown as Meta[];
  if (!metas.length) return;
  const byProp = new Map<string, Meta[]>();
  for (const m of metas) byProp.set(m.propertyName, [...(byProp.get(m.propertyName) ?? []), m]);
  for (const [prop, list] of byProp) ApiProperty(propertyOptions(cls, prop, list) as any)((cls as any).prototype, prop);
}

/** Every DTO a route takes as its body or query, found from the controllers' own parameter metadata. */
function describeRouteDtos(app: INestApplication): void {
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const ctor = wrapper.metatype as Function | undefined;
      if (!ctor?.prototype) continue;
      for (const name of Object.getOwnPropertyNames(ctor.prototype)) {
        if (name === 'constructor') continue;
        const args: Record<string, { index: number; data?: unknown }> =
          Reflect.getMetadata(ROUTE_ARGS_METADATA, ctor, name) ?? {};
        const types: unknown[] = Reflect.getMetadata('design:paramtypes', ctor.prototype, name) ?? [];
        for (const [key, arg] of Object.entries(args)) {
          const kind = Number(key.split(':')[0]);
          const t = types[arg.index];
          if (
            (kind === RouteParamtypes.BODY || kind === RouteParamtypes.QUERY) &&
            arg.data === undefined &&
            typeof t === 'function'
          )
            describeDto(t);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------------------------

type Operation = {
  operationId?: string;
  parameters?: any[];
  requestBody?: any;
  responses: Record<string, any>;
  security?: any[];
  summary?: string;
};

const problemResponse = (status: number, description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** JSON, and CSV where the handler can also answer text (the `format=csv` exports). */
function successContent(schema: Record<string, any>): Record<string, unknown> {
  const parts: Record<string, any>[] = schema['anyOf'] ?? [schema];
  const text = parts.some((p) => p['type'] === 'string');
  const json = parts.filter((p) => p['type'] !== 'string');
  if (!text || json.length === 0) return { 'application/json': { schema } };
  return {
    'application/json': { schema: json.length === 1 ? json[0] : { anyOf: json } },
    'text/csv': { schema: { type: 'string' } },
  };
}

/** Builds the OpenAPI document of an initialised api. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  describeRouteDtos(app);
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('EHC needs assessment API')
      .setDescription(
        'Cases, case events, deadlines, alerts and the timeliness measure. Errors are problem details (RFC 9457, application/problem+json) with a stable `code`. State-changing requests must send `X-Requested-With: XMLHttpRequest`.',
      )
      .setVersion('0.1')
      .addCookieAuth(
        SESSION_COOKIE,
        {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'The session cookie set by POST /api/auth/login (httpOnly, SameSite=Strict)',
        },
        'session',
      )
      .build(),
  );

  const schemas = ((doc.components ??= {}).schemas ??= {});
  for (const [name, schema] of Object.entries(RESPONSE_SCHEMAS)) schemas[name] ??= schema as any;
  schemas['Problem'] = PROBLEM_SCHEMA as any;
  for (const t of RECORDABLE_EVENT_TYPES) schemas[`${t}Event`] = eventSchema(t) as any;
  const events = {
    oneOf: RECORDABLE_EVENT_TYPES.map((t) => ({ $ref: `#/components/schemas/${t}Event` })),
    discriminator: {
      propertyName: 'type',
      mapping: Object.fromEntries(RECORDABLE_EVENT_TYPES.map((t) => [t, `#/components/schemas/${t}Event`])),
    },
    description: 'One case event, by `type` (docs/events.md); its fields are those of the domain vocabulary',
  };
  const append = schemas['AppendEventDto'] as any;
  if (append?.properties?.event) append.properties.event = events;

  const publicRoutes = publicRouteKeys(app);
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      const key = `${method.toUpperCase()} ${path}`;
      const r = op.responses ?? (op.responses = {});
      const success = ROUTE_RESPONSES[key];
      if (success) {
        for (const s of Object.keys(r)) if (/^2\d\d$/.test(s) && Number(s) !== success.status) delete r[s];
        const ok = (r[String(success.status)] ??= { description: '' });
        ok.description ||= success.status === 204 ? 'Done; no body' : 'Success';
        if (success.schema) ok.content = successContent(success.schema as Record<string, any>);
        const streamed = EVENT_STREAMS[key];
        if (streamed)
          ok.content = {
            'text/event-stream': {
              schema: { type: 'string', description: `event: alert, data: one ${streamed} as JSON per message` },
            },
          };
      }
      const params = op.parameters ?? [];
      const isPublic = publicRoutes.has(key);
      if (params.length || op.requestBody)
        r['400'] ??= problemResponse(
          400,
          'INVALID_REQUEST: a parameter or field is not valid (`errors` names each field and what is allowed)',
        );
      if (!isPublic) {
        r['401'] ??= problemResponse(401, 'UNAUTHENTICATED: no session, or it has ended');
        r['403'] ??= problemResponse(403, 'FORBIDDEN: your role may not call this, or CSRF_HEADER_MISSING');
        op.security = [{ session: [] }];
      } else {
        op.security = [];
      }
      if (params.some((p) => p.in === 'path'))
        r['404'] ??= problemResponse(404, 'NOT_FOUND: no such resource in your team');
      for (const [status, description] of Object.entries(ROUTE_PROBLEMS[key] ?? {})) {
        // A redirect is the route's answer (no body, a Location): it replaces the 2xx Nest assumed.
        if (/^3\d\d$/.test(status)) {
          for (const s of Object.keys(r)) if (/^2\d\d$/.test(s)) delete r[s];
          r[status] = {
            description,
            headers: { Location: { description: 'Where the browser goes next', schema: { type: 'string' } } },
          } as never;
          continue;
        }
        r[status] = problemResponse(
          Number(status),
          `${problemTitle(description.split(':')[0]!, Number(status))}. ${description}`,
        );
      }
      r['500'] ??= problemResponse(500, 'INTERNAL: nothing was changed');
      if (method !== 'get' && method !== 'head' && key !== 'POST /api/auth/login') {
        op.parameters = [
          ...params,
          {
            name: 'X-Requested-With',
            in: 'header',
            required: true,
            schema: { type: 'string', enum: ['XMLHttpRequest'] },
            description: 'CSRF defence: every state-changing request carries it',
          },
        ];
      }
    }
  }
  return doc;
}

/** "METHOD /api/path/{param}" of every @Public route. */
function publicRouteKeys(app: INestApplication): Set<string> {
  const reflector = app.get(Reflector);
  const out = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const ctor = wrapper.metatype as Function | undefined;
      if (!ctor?.prototype) continue;
      const base = String(Reflect.getMetadata('path', ctor) ?? '');
      for (const name of Object.getOwnPropertyNames(ctor.prototype)) {
        const handler = ctor.prototype[name];
        if (
          name === 'constructor' ||
          typeof handler !== 'function' ||
          Reflect.getMetadata('method', handler) === undefined
        )
          continue;
        if (!reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [handler, ctor])) continue;
        const method = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD'][
          Reflect.getMetadata('method', handler) as number
        ]!;
        const path = ['api', base, String(Reflect.getMetadata('path', handler) ?? '')]
          .join('/')
          .replace(/\/+/g, '/')
          .replace(/\/$/, '')
          .replace(/:(\w+)/g, '{$1}');
        out.add(`${method} /${path}`);
      }
    }
  }
  return out;
}

import { randomUUID } from 'node:crypto';
import { CasesService } from '../../apps/api/src/cases/cases.service.js';
import { replyJson } from '../../apps/api/src/cases/case-detail-json.js';
import type { SessionUser } from '../../apps/api/src/auth/session-user.js';
import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';

/**
 * A case's answer leaves through the api's own reply serializer (case-detail-json.ts: the field lists' text is kept
 * between answers, for CPU per command). Over HTTP it must be, byte for byte and with the same headers, what fastify's
 * default serializer (JSON.stringify) wrote of the same case; errors stay Problems.
 */
describe('a case answer over HTTP is JSON.stringify of the case (e2e)', () => {
  let h: ApiHarness;
  let cw: string;
  const north = { teamId: 'north' } as SessionUser; // what CasesService.detail needs of its caller

  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    h.app.inject({ method, url, payload: payload as any, headers: { cookie: cw, ...XHR } });
  /** The case as the service builds it, written by JSON.stringify (fastify's default serializer for our routes). */
  const stringified = async (id: string) => JSON.stringify(await h.app.get(CasesService).detail(north, id));
  const sameBytes = async (res: Awaited<ReturnType<typeof call>>, id: string) => {
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
    expect(res.body).toBe(await stringified(id));
  };

  beforeAll(async () => {
    h = await startApi('answerbytes');
    cw = await h.login('cw-north-1');
  });
  afterAll(async () => {
    await h.close();
  });

  it('the api writes its bodies with replyJson', () => {
    // fastify keeps the instance's reply serializer under this symbol; the routes take it when Nest registers them
    const fastify = h.app.getHttpAdapter().getInstance() as unknown as Record<symbol, unknown>;
    const key = Object.getOwnPropertySymbols(fastify).find((s) => s.description === 'fastify.replySerializerDefault');
    expect(key && fastify[key]).toBe(replyJson);
  });

  it('opening, reading and a command answer the bytes JSON.stringify writes; a refusal is still a Problem', async () => {
    const opened = await call('POST', '/api/cases', {
      teamId: 'north',
      // non-ASCII letters (Content-Length counts bytes; the labels have some too)
      child: { givenName: 'Zoë', familyName: "O'Brien-Núñez", dateOfBirth: '2015-03-02' },
      request: { date: '2025-03-03', source: 'parent' },
    });
    expect(opened.statusCode).toBe(201);
    const c = opened.json() as { id: string; version: number };
    await sameBytes(opened, c.id);

    const read = await call('GET', `/api/cases/${c.id}`);
    expect(read.statusCode).toBe(200);
    await sameBytes(read, c.id);
    // twice: the second answer is written from the kept text
    await sameBytes(await call('GET', `/api/cases/${c.id}`), c.id);

    const decided = await call('POST', `/api/cases/${c.id}/events`, {
      expectedVersion: c.version,
      event: { type: 'DecidedToAssess', date: '2025-03-03' },
    });
    expect(decided.statusCode).toBe(200);
    await sameBytes(decided, c.id);

    const stale = await call('POST', `/api/cases/${c.id}/events`, {
      expectedVersion: c.version,
      event: { type: 'DecidedToAssess', date: '2025-03-03' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(stale.json()).toMatchObject({ statusCode: 409 });

    const missing = await call('GET', `/api/cases/${randomUUID()}`);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  });
});

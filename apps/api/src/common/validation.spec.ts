import 'reflect-metadata';
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { AppendEventDto } from '../cases/dto/commands.dto.js';
import { createValidationPipe } from './validation.js';

const body: ArgumentMetadata = { type: 'body', metatype: AppendEventDto };
const event = { type: 'ExceptionRecorded', date: '2026-01-05', kind: 'holiday', appliesTo: ['decision-to-assess'] };

/** What the full way (class-transformer, then class-validator's decorators) answers: the value, or the 400's body. */
async function fullWay(value: unknown): Promise<{ ok: true; dto: unknown } | { ok: false; problem: unknown }> {
  const pipe = createValidationPipe();
  try {
    return { ok: true, dto: await ValidationPipe.prototype.transform.call(pipe, structuredClone(value), body) };
  } catch (e) {
    return { ok: false, problem: (e as { getResponse(): unknown }).getResponse() };
  }
}

describe('the case command body taken without class-validator when it plainly passes (AppendEventDto.plainlyValid)', () => {
  const plain = [
    { expectedVersion: 3, event },
    { expectedVersion: 1, eventId: '0b9a3f8e-5c1d-4f7a-9b2e-3d4c5e6f7a8b', event },
    { expectedVersion: 12, eventId: null, event: { type: 'CaseworkerAssigned', date: '2026-01-05', caseworker: 'cw' } },
    { expectedVersion: 2, event: {} },
  ];
  const refused = [
    { expectedVersion: 0, event },
    { expectedVersion: 1.5, event },
    { expectedVersion: '3', event },
    { event },
    { expectedVersion: 3 },
    { expectedVersion: 3, event: null },
    { expectedVersion: 3, event: [event] },
    { expectedVersion: 3, event: 'CaseworkerAssigned' },
    { expectedVersion: 3, eventId: 'not-a-uuid', event },
    { expectedVersion: 3, eventId: 7, event },
    { expectedVersion: 3, eventId: '0b9a3f8e-5c1d-1f7a-9b2e-3d4c5e6f7a8b', event }, // a version 1 UUID
    { expectedVersion: 3, event, actor: 'someone-else' },
    [{ expectedVersion: 3, event }],
    null,
    'text',
  ];

  it.each(plain)('takes %j as the full way gives it', async (b) => {
    const fast = AppendEventDto.plainlyValid(structuredClone(b));
    expect(fast).toBeInstanceOf(AppendEventDto);
    const full = await fullWay(b);
    expect(full).toEqual({ ok: true, dto: fast });
    expect((full as { dto: AppendEventDto }).dto).toBeInstanceOf(AppendEventDto);
  });

  it('copies the event, as class-transformer does (the handler never holds the request body’s object)', () => {
    const b = { expectedVersion: 3, event: structuredClone(event) };
    const dto = AppendEventDto.plainlyValid(b)!;
    expect(dto.event).toEqual(b.event);
    expect(dto.event).not.toBe(b.event);
    expect(dto.event['appliesTo']).not.toBe(b.event.appliesTo);
  });

  it.each(refused)('leaves %j to class-validator, which refuses it with its own 400', async (b) => {
    expect(AppendEventDto.plainlyValid(structuredClone(b))).toBeUndefined();
    const full = await fullWay(b);
    expect(full.ok).toBe(false);
    // and the api's pipe answers exactly that refusal
    const pipe = createValidationPipe();
    await expect(pipe.transform(structuredClone(b), body)).rejects.toMatchObject({
      response: (full as { problem: unknown }).problem,
    });
  });

  it('the api’s pipe gives the plain body’s dto without the full way', async () => {
    const pipe = createValidationPipe();
    const original = ValidationPipe.prototype.transform;
    let fullWayCalls = 0;
    ValidationPipe.prototype.transform = function (this: ValidationPipe, ...args) {
      fullWayCalls++;
      return original.apply(this, args);
    };
    try {
      const dto = await pipe.transform({ expectedVersion: 3, event }, body);
      expect(dto).toEqual(Object.assign(new AppendEventDto(), { expectedVersion: 3, event }));
      expect(fullWayCalls).toBe(0);
      await pipe.transform({ expectedVersion: 3, event: 'x' }, body).catch(() => undefined);
      expect(fullWayCalls).toBe(1); // (the counter sees the full way when it is taken)
    } finally {
      ValidationPipe.prototype.transform = original;
    }
  });
});

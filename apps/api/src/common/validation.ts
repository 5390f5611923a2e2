import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';

/** Flattens class-validator errors into {field, message} with dotted paths (event.date, child.dateOfBirth). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const m of Object.values(e.constraints ?? {})) out.push({ field, message: m });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/**
 * A body class may say when a body plainly passes its decorators (`static plainlyValid(body)`, e.g. AppendEventDto):
 * such a body is taken as it says, without class-transformer and class-validator; any other goes the full way.
 */
interface PlainlyValidated {
  plainlyValid(body: unknown): object | undefined;
}
const hasPlainCheck = (m: unknown): m is PlainlyValidated =>
  typeof (m as Partial<PlainlyValidated> | undefined)?.plainlyValid === 'function';

class ApiValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && hasPlainCheck(metadata.metatype)) {
      const plain = metadata.metatype.plainlyValid(value);
      if (plain) return Promise.resolve(plain);
    }
    return super.transform(value, metadata);
  }
}

/** whitelist + forbidNonWhitelisted everywhere: an unknown field is an error, not silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const flat = flattenValidationErrors(errors);
      return new BadRequestException({
        code: 'INVALID_REQUEST',
        message: `The request is not valid: ${flat.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
        errors: flat,
      });
    },
  });
}

import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

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

/** whitelist + forbidNonWhitelisted everywhere: an unknown field is an error, not silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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

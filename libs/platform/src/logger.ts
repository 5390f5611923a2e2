import pino, { type Logger } from 'pino';
import type { LoggerService } from '@nestjs/common';

/**
 * Structured JSON logs. Log ids, never a child's personal data (docs/architecture.md invariant 9): the redact list is a safety
 * net for the field names that carry it, in case one slips into a logged object.
 */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    base: { service: name },
    redact: {
      paths: [
        '*.child',
        '*.givenName',
        '*.familyName',
        '*.dateOfBirth',
        '*.postcode',
        '*.upn',
        '*.password',
        'child',
        'password',
        'req.headers.cookie',
      ],
      censor: '[redacted]',
    },
  });
}

/** Nest's LoggerService on top of pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

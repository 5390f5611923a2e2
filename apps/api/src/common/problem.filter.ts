import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from '@ehc/contracts';
import { DomainError } from './domain-error.js';
import { problemDetails } from './problem-details.js';
import { asProblemError } from './persistence-errors.js';

/**
 * Every error leaves as a Problem body with a stable code and a message that says what is wrong and what is
 * allowed. Never a stack trace, never an echo of submitted personal data.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly log = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const p = this.toProblem(exception);
    const problem = problemDetails(
      p.statusCode,
      p.code,
      p.message,
      host.switchToHttp().getRequest<FastifyRequest | undefined>()?.url,
      p,
    );
    // A DomainError of 5xx (a dependency that does not answer) was logged where it happened, by its kind.
    if (problem.statusCode >= 500 && !(exception instanceof DomainError)) {
      this.log.error(`unhandled error: ${(exception as Error)?.message ?? exception}`, (exception as Error)?.stack);
    }
    void reply
      .status(problem.statusCode)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(problem);
  }

  private toProblem(exception: unknown): Problem {
    const e = asProblemError(exception);
    if (e instanceof DomainError) {
      return { statusCode: e.statusCode, code: e.code, message: e.message, ...e.extra };
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const body = e.getResponse() as
        string | { message?: string | string[]; code?: string; errors?: Problem['errors'] };
      if (typeof body === 'object' && body && Array.isArray(body.errors)) {
        return {
          statusCode: status,
          code: body.code ?? 'INVALID_REQUEST',
          message: String(body.message),
          errors: body.errors,
        };
      }
      const message =
        typeof body === 'string'
          ? body
          : Array.isArray(body?.message)
            ? body.message.join('; ')
            : (body?.message ?? e.message);
      return { statusCode: status, code: codeFor(status), message };
    }
    // Fastify errors (body too large, bad JSON, unsupported media type) carry a statusCode.
    const fe = e as { statusCode?: number; code?: string; message?: string };
    if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      const message =
        fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'The request body is larger than allowed'
          : fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'Unsupported content type: send application/json'
            : fe.code?.startsWith('FST_ERR_CTP')
              ? 'The request body is not valid JSON'
              : (fe.message ?? 'Bad request');
      return { statusCode: fe.statusCode, code: fe.code ?? codeFor(fe.statusCode), message };
    }
    return {
      statusCode: 500,
      code: 'INTERNAL',
      message:
        'Something went wrong on our side; nothing was changed. Try again, and tell support if it keeps happening.',
    };
  }
}

function codeFor(status: number): string {
  return (
    (
      {
        400: 'INVALID_REQUEST',
        401: 'UNAUTHENTICATED',
        403: 'FORBIDDEN',
        404: 'NOT_FOUND',
        405: 'METHOD_NOT_ALLOWED',
        409: 'CONFLICT',
        413: 'PAYLOAD_TOO_LARGE',
        415: 'UNSUPPORTED_MEDIA_TYPE',
        422: 'UNPROCESSABLE',
        429: 'TOO_MANY_REQUESTS',
      } as Record<number, string>
    )[status] ?? 'ERROR'
  );
}

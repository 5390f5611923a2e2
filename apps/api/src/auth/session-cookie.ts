import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '@ehc/platform';
import type {} from '@fastify/cookie'; // reply.setCookie / req.cookies types (the plugin is registered in app.factory)

export const SESSION_COOKIE = 'ehc_session';

/**
 * The cookie holds the random token only. httpOnly: no script (nor an injected one) can read it; SameSite=Strict:
 * no other site can make the browser send it; Secure when served over HTTPS. No Max-Age: the browser forgets it
 * when closed, and the server enforces the idle and absolute limits anyway.
 */
export function setSessionCookie(reply: FastifyReply, token: string, config: AppConfig): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: config.cookieSecure,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: AppConfig): void {
  void reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: config.cookieSecure,
  });
}

export function sessionTokenOf(req: FastifyRequest): string | null {
  const raw = req.cookies?.[SESSION_COOKIE];
  // 32 random bytes in base64url are 43 characters; anything else cannot be one of ours.
  return typeof raw === 'string' && /^[A-Za-z0-9_-]{43}$/.test(raw) ? raw : null;
}

// BullMQ is only correct on a Redis that never evicts keys (going-to-production: "maxmemory-policy noeviction
// is the only setting that guarantees the correct behavior of the queues"). The worker refuses anything else.
// INFO is used rather than CONFIG GET because managed Redis services often disable CONFIG.

export class RedisPolicyError extends Error {}

interface InfoClient {
  info(section: string): Promise<string>;
}

export async function assertNoEviction(redis: InfoClient, where: string): Promise<void> {
  const info = await redis.info('memory');
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
  if (policy === undefined) {
    throw new RedisPolicyError(
      `Redis at ${where} did not report its maxmemory-policy; the worker needs maxmemory-policy noeviction and cannot check it`,
    );
  }
  if (policy !== 'noeviction') {
    throw new RedisPolicyError(
      `Redis at ${where} has maxmemory-policy ${policy}; the worker needs maxmemory-policy noeviction (otherwise Redis may evict queued deadline jobs). ` +
        `Fix: set "maxmemory-policy noeviction" in redis.conf (or run: redis-cli CONFIG SET maxmemory-policy noeviction) and start the worker again.`,
    );
  }
}

/** host:port of a Redis URL, without credentials, for messages. */
export function redisWhere(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 6379}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return 'the configured REDIS_URL';
  }
}

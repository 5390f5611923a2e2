// How the services reach Redis: one server (redis:// or rediss://), a Sentinel-managed primary
// (redis-sentinel://[:password@]host:26379,host2:26379/primaryName[?db=N]) or a Cluster
// (redis-cluster://[:password@]host:6379,host2:6379). ioredis speaks all three; BullMQ needs its keys of one queue in
// one hash slot on a Cluster, which is why REDIS_PREFIX must then be a hash tag such as {ehc}.
import { Cluster, Redis, type RedisOptions } from 'ioredis';

export interface RedisNode {
  host: string;
  port: number;
}
export type RedisTopology =
  | { kind: 'single'; url: string }
  | { kind: 'sentinel'; sentinels: RedisNode[]; name: string; password?: string; db: number; tls: boolean }
  | { kind: 'cluster'; nodes: RedisNode[]; password?: string; tls: boolean };

export class RedisUrlError extends Error {}

function nodesOf(hosts: string, defaultPort: number): RedisNode[] {
  return hosts.split(',').map((h) => {
    const m = /^\[?([^\]]+?)\]?(?::(\d{1,5}))?$/.exec(h.trim());
    if (!m || !m[1]) throw new RedisUrlError(`"${h}" is not host:port`);
    return { host: m[1], port: m[2] ? Number(m[2]) : defaultPort };
  });
}

/** Parses REDIS_URL; throws RedisUrlError saying what is allowed. */
export function parseRedisUrl(raw: string): RedisTopology {
  const m =
    /^(redis|rediss|redis-sentinel|rediss-sentinel|redis-cluster|rediss-cluster):\/\/(?:(?:[^:@/]*):([^@/]*)@)?([^/?]+)(\/[^?]*)?(\?.*)?$/.exec(
      raw,
    );
  if (!m)
    throw new RedisUrlError(
      'REDIS_URL must be redis://host:port, rediss://…, redis-sentinel://host:26379,host2:26379/primaryName or redis-cluster://host:6379,host2:6379',
    );
  const [, scheme, password, hosts, path, query] = m;
  const tls = scheme.startsWith('rediss');
  const pass = password ? decodeURIComponent(password) : undefined;
  if (scheme === 'redis' || scheme === 'rediss') {
    nodesOf(hosts, 6379);
    return { kind: 'single', url: raw };
  }
  if (scheme.endsWith('sentinel')) {
    const name = decodeURIComponent((path ?? '').replace(/^\//, ''));
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(name))
      throw new RedisUrlError('a redis-sentinel:// URL ends with /primaryName, the name the sentinels monitor');
    const db = Number(new URLSearchParams(query ?? '').get('db') ?? 0);
    if (!Number.isInteger(db) || db < 0 || db > 15) throw new RedisUrlError('db must be 0 to 15');
    return { kind: 'sentinel', sentinels: nodesOf(hosts, 26379), name, password: pass, db, tls };
  }
  if (path && path !== '/')
    throw new RedisUrlError('a Redis Cluster has no database number: end the URL after the hosts');
  return { kind: 'cluster', nodes: nodesOf(hosts, 6379), password: pass, tls };
}

/** A BullMQ-compatible prefix for the topology: on a Cluster it must be one hash tag, e.g. {ehc}. */
export function checkRedisPrefix(prefix: string, t: RedisTopology): void {
  const plain = /^[a-zA-Z0-9_-]{1,40}$/.test(prefix);
  const tagged = /^\{[a-zA-Z0-9_-]{1,40}\}$/.test(prefix);
  if (!plain && !tagged)
    throw new RedisUrlError(
      'REDIS_PREFIX may contain only letters, digits, - and _ (at most 40), optionally inside one {hash tag}',
    );
  if (t.kind === 'cluster' && !tagged)
    throw new RedisUrlError(
      `REDIS_PREFIX must be a hash tag such as {${prefix}} on a Redis Cluster, so each queue's keys share one slot`,
    );
}

/** A client for the topology, with the caller's options (retries, offline queue, lazy connect). */
export function createRedisClient(t: RedisTopology, extra: RedisOptions = {}): Redis | Cluster {
  if (t.kind === 'single') return new Redis(t.url, extra);
  if (t.kind === 'sentinel') {
    return new Redis({
      ...extra,
      sentinels: t.sentinels,
      name: t.name,
      password: t.password,
      sentinelPassword: t.password,
      db: t.db,
      ...(t.tls ? { tls: {}, enableTLSForSentinelMode: true } : {}),
    });
  }
  return new Cluster(t.nodes, {
    redisOptions: { ...extra, password: t.password, ...(t.tls ? { tls: {} } : {}) },
    enableOfflineQueue: extra.enableOfflineQueue ?? true,
    lazyConnect: extra.lazyConnect,
  });
}

/** Where Redis is, for a log line or an error message (no password). */
export function describeRedis(t: RedisTopology): string {
  if (t.kind === 'single') {
    try {
      const u = new URL(t.url);
      return `${u.hostname}:${u.port || 6379}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
    } catch {
      return 'REDIS_URL';
    }
  }
  const hosts = (t.kind === 'sentinel' ? t.sentinels : t.nodes).map((n) => `${n.host}:${n.port}`).join(',');
  return t.kind === 'sentinel' ? `sentinels ${hosts} (primary ${t.name})` : `cluster ${hosts}`;
}

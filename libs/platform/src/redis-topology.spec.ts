import { checkRedisPrefix, describeRedis, parseRedisUrl } from './redis-topology.js';

describe('REDIS_URL: one server, Sentinel or Cluster', () => {
  it('reads each form', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379')).toEqual({ kind: 'single', url: 'redis://127.0.0.1:6379' });
    expect(parseRedisUrl('redis-sentinel://:s3cret@10.0.0.1:26379,10.0.0.2/ehc-primary?db=2')).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26379 },
      ],
      name: 'ehc-primary',
      password: 's3cret',
      db: 2,
      tls: false,
    });
    expect(parseRedisUrl('rediss-cluster://a.example:7000,b.example:7001')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'a.example', port: 7000 },
        { host: 'b.example', port: 7001 },
      ],
      password: undefined,
      tls: true,
    });
  });

  it('refuses what it cannot use, saying what is allowed', () => {
    expect(() => parseRedisUrl('http://localhost')).toThrow(/^REDIS_URL must be redis:\/\/host:port/);
    expect(() => parseRedisUrl('redis-sentinel://127.0.0.1:26379')).toThrow(/ends with \/primaryName/);
    expect(() => parseRedisUrl('redis-cluster://127.0.0.1:7000/3')).toThrow(/no database number/);
  });

  it('a Cluster needs a hash-tag prefix so one queue stays in one slot (BullMQ); other topologies take either', () => {
    const cluster = parseRedisUrl('redis-cluster://127.0.0.1:7000');
    expect(() => checkRedisPrefix('ehc', cluster)).toThrow(/must be a hash tag such as \{ehc\}/);
    expect(() => checkRedisPrefix('{ehc}', cluster)).not.toThrow();
    expect(() => checkRedisPrefix('{ehc}', parseRedisUrl('redis://x'))).not.toThrow();
    expect(() => checkRedisPrefix('a:b', parseRedisUrl('redis://x'))).toThrow(/only letters, digits/);
  });

  it('describes where Redis is without its password', () => {
    expect(describeRedis(parseRedisUrl('redis-sentinel://:pw@h1:1,h2:2/p'))).toBe('sentinels h1:1,h2:2 (primary p)');
    expect(describeRedis(parseRedisUrl('redis://:pw@h:6380/1'))).toBe('h:6380/1');
  });
});

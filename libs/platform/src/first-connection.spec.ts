import { untilReachable } from './first-connection.js';

describe('untilReachable: a process waits for its database instead of crashing', () => {
  it('retries a failing connection, logging one line per try, and returns once it answers', async () => {
    const lines: string[] = [];
    let n = 0;
    const v = await untilReachable(
      'PostgreSQL',
      async () => {
        if (++n < 3) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        return 'ok';
      },
      { service: 'ehc-api', delayMs: 1, log: (l) => lines.push(l) },
    );
    expect(v).toBe('ok');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]).msg).toBe(
      'PostgreSQL not reachable yet (connect ECONNREFUSED 127.0.0.1:5432); retrying in 0 s (1/30)',
    );
  });

  it('gives up after the last try with exit code 69 and one line naming what to check, never a stack trace', async () => {
    const lines: string[] = [];
    const exit = ((code: number) => {
      throw new Error(`exit ${code}`);
    }) as (code: number) => never;
    await expect(
      untilReachable(
        'Redis',
        async () => {
          throw new Error('getaddrinfo ENOTFOUND redis\n    at stack');
        },
        { service: 'ehc-worker', tries: 2, delayMs: 1, log: (l) => lines.push(l), exit },
      ),
    ).rejects.toThrow('exit 69');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual([
      'Redis not reachable yet (getaddrinfo ENOTFOUND redis); retrying in 0 s (1/2)',
      'Redis did not answer after 2 tries (getaddrinfo ENOTFOUND redis); check that it runs and that its URL is right',
    ]);
  });

  it('rethrows at once an error that waiting cannot cure', async () => {
    let n = 0;
    await expect(
      untilReachable(
        'Redis',
        async () => {
          n++;
          throw new TypeError('maxmemory-policy must be noeviction');
        },
        { service: 'ehc-worker', delayMs: 1, log: () => undefined, giveUpOn: (e) => e instanceof TypeError },
      ),
    ).rejects.toThrow('noeviction');
    expect(n).toBe(1);
  });
});

// The benchmark's profile summariser (test/bench/cpu-profile.mjs; docs/benchmarks.md#profiles-what-stands-in-the-way):
// self time grouped by where it is spent, builtins charged to their caller, a window on the monotonic clock, the top
// functions, and the Markdown BENCHMARKS.md shows — on a tiny profile made by hand.
// @ts-expect-error: a plain .mjs module of the benchmark, without type declarations
import { packageOf, profileReading, profileTables, summariseProfiles, whereOf } from './bench/cpu-profile.mjs';

const ROOT = '/repo';
const frame = (functionName: string, url = '', lineNumber = -1) => ({
  functionName,
  scriptId: '0',
  url,
  lineNumber,
  columnNumber: 0,
});
// (root) → (program), (idle), (garbage collector), machine → JSON.parse builtin, fastify route → stringify builtin,
// nest router, node:events, and a builtin with no caller that has a script.
const nodes = [
  { id: 1, callFrame: frame('(root)'), children: [2, 3, 4, 5, 8, 9, 10, 11] },
  { id: 2, callFrame: frame('(program)') },
  { id: 3, callFrame: frame('(idle)') },
  { id: 4, callFrame: frame('(garbage collector)') },
  { id: 5, callFrame: frame('transition', 'file:///repo/dist/libs/workflow/src/machine.js', 9), children: [6] },
  { id: 6, callFrame: frame('parse') },
  { id: 7, callFrame: frame('stringify') },
  { id: 8, callFrame: frame('route', 'file:///x/node_modules/fastify/lib/route.js', 99), children: [7] },
  { id: 9, callFrame: frame('handle', 'file:///x/node_modules/a/node_modules/@nestjs/core/router/x.js', 0) },
  { id: 10, callFrame: frame('emit', 'node:events', 5) },
  { id: 11, callFrame: frame('lonely') },
];
// Each sample's duration (µs) is the time to the next one; the last runs to endTime.
const samples = [3, 3, 5, 6, 8, 7, 9, 4, 10, 2, 11];
const durations = [4000, 2000, 1000, 1000, 500, 500, 250, 250, 250, 250, 100];
const timeDeltas = [0, ...durations.slice(0, -1)];
const startTime = 1000;
const endTime = startTime + durations.reduce((a, b) => a + b, 0);
const profile = { nodes, startTime, endTime, samples, timeDeltas };

describe('the benchmark summarises a CPU profile by where the time is spent', () => {
  it('names the package of a node_modules path (innermost, scoped) and our own libraries and apps', () => {
    expect(packageOf('/a/node_modules/b/node_modules/@scope/c/lib/x.js')).toBe('@scope/c');
    expect(packageOf('/repo/dist/libs/x.js')).toBeNull();
    expect(whereOf('file:///repo/dist/apps/api/src/main.js', ROOT)).toEqual({
      group: 'apps/api',
      layer: 'ours',
      file: 'apps/api/src/main.js',
    });
    expect(whereOf('file:///repo/test/bench/http-client.mjs', ROOT).group).toBe('bench harness');
    expect(whereOf('node:internal/streams/readable', ROOT).layer).toBe('node');
    expect(whereOf('file:///x/node_modules/@nestjs/core/router.js', ROOT)).toEqual({
      group: '@nestjs/core',
      layer: 'framework',
      file: '@nestjs/core/router.js',
    });
    expect(whereOf('file:///x/node_modules/class-validator/cjs/index.js', ROOT).layer).toBe('validation');
    expect(whereOf('file:///x/node_modules/pg/lib/client.js', ROOT).layer).toBe('database driver');
    expect(whereOf('file:///x/node_modules/bullmq/dist/esm/classes/worker.js', ROOT).layer).toBe('queue');
  });

  it('adds up self time: idle, GC, native, and builtins charged to the caller that has a script', () => {
    const s = summariseProfiles([profile], { root: ROOT });
    expect(s.samples).toBe(11);
    expect(s.sampledMs).toBe(10.1);
    expect(s.idleMs).toBe(6);
    expect(s.gcMs).toBe(0.25);
    expect(s.nativeMs).toBe(0.35); // (program) and the builtin nobody with a script called
    expect(s.cpuMs).toBe(4.1);
    const group = (g: string) => s.groups.find((x: any) => x.group === g)?.ms;
    expect(group('libs/workflow')).toBe(2); // transition 1 ms + the JSON.parse it called 1 ms
    expect(group('fastify')).toBe(1);
    expect(group('@nestjs/core')).toBe(0.25);
    expect(group('node: built-in modules')).toBe(0.25);
    expect(s.layers[0]).toEqual({ layer: 'idle', ms: 6 });
    expect(s.layers.find((l: any) => l.layer === 'framework').ms).toBe(1.25);
  });

  it('lists the top functions with their compiled file:line (1-based) and position, pseudo-frames left out', () => {
    const s = summariseProfiles([profile], { root: ROOT, top: 3 });
    expect(s.top).toEqual([
      {
        name: 'transition',
        where: 'libs/workflow/src/machine.js:10',
        group: 'libs/workflow',
        ms: 1,
        url: 'file:///repo/dist/libs/workflow/src/machine.js',
        line: 9,
        column: 0,
      },
      { name: 'parse', where: '(V8 builtin)', group: 'libs/workflow', ms: 1 },
      {
        name: 'route',
        where: 'fastify/lib/route.js:100',
        group: 'fastify',
        ms: 0.5,
        url: 'file:///x/node_modules/fastify/lib/route.js',
        line: 99,
        column: 0,
      },
    ]);
  });

  it('counts only the samples inside a window of the monotonic clock, and adds several profiles up', () => {
    const t2 = startTime + 6000; // the third sample
    const s = summariseProfiles([profile], { root: ROOT, window: { fromUs: t2, toUs: t2 + 3250 } });
    expect(s.samples).toBe(5);
    expect(s.idleMs).toBe(0);
    expect(s.cpuMs).toBe(3.25);
    expect(s.spanMs).toBe(3.25);
    expect(summariseProfiles([profile, profile], { root: ROOT }).sampledMs).toBe(20.2);
  });

  it('writes the tables and a one-line reading that BENCHMARKS.md shows', () => {
    const s = summariseProfiles([profile], { root: ROOT });
    const md = profileTables(s, { who: 'the api' });
    expect(md).toContain("| Where the api's time went (self time) | ms | % of samples | % of CPU |");
    expect(md).toContain('| idle (waiting for I/O) | 6.0 | 59.4 % | — |');
    expect(md).toContain('| libs/workflow (ours) | 2.0 | 19.8 % | 48.8 % |');
    expect(md).toContain('| `route` | fastify/lib/route.js:100 | fastify | 0.5 | 12.2 % |');
    expect(profileReading(s, { who: 'The api' })).toBe(
      'The api was idle 59.4 % of the time (waiting on PostgreSQL); of its CPU: our code 48.8 % (libs/workflow 48.8 %), HTTP framework 30.5 %, native 8.5 %, garbage collection 6.1 %, node built-in modules 6.1 %; the costliest function: `transition` (libs/workflow/src/machine.js:10, 24.4 %).',
    );
    // With the TypeScript line a source map gave (profiling.mjs), that is what is shown.
    s.top[0].source = 'libs/workflow/src/machine.ts:42';
    expect(profileTables(s)).toContain(
      '| `transition` | libs/workflow/src/machine.ts:42 | libs/workflow | 1.0 | 24.4 % |',
    );
  });
});

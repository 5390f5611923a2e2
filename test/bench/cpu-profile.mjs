// Summarises V8 CPU profiles (the .cpuprofile files `node --cpu-prof` writes) for BENCHMARKS.md's "What stands in
// the way" sections (docs/benchmarks.md#profiles-what-stands-in-the-way). Pure: profiles in, numbers and Markdown out.
//
// Self time only (the time a sample's top frame was running), grouped by where it is spent: idle (the event loop
// waiting for I/O: PostgreSQL, Redis, the clients), garbage collection, native code outside JavaScript, our code by
// library or app (dist/libs/<name>, dist/apps/<name>), and node_modules by package. A frame without a script (a V8
// builtin such as JSON.parse or a RegExp) is charged to the nearest caller that has one, so "fastify" includes the
// JSON.stringify fastify calls; the top functions list the frames themselves (profiling.mjs adds their TypeScript
// file:line from our build's source maps as `source`).

const PSEUDO = {
  '(idle)': 'idle',
  '(garbage collector)': 'gc',
  '(program)': 'native',
  '(root)': 'native',
};

/** How a package's time is rolled up in the one-line reading of a profile. */
const LAYER_OF_PACKAGE = [
  [
    /^(@nestjs\/|@fastify\/|fastify$|find-my-way|avvio|light-my-request|fast-json-stringify|fast-querystring|fast-uri|fast-decode-uri-component|secure-json-parse|rxjs$|reflect-metadata|abstract-logging|pino|toad-cache|fastq$|process-warning|safe-regex2|ret$|path-to-regexp|json-schema-ref-resolver|rfdc$|cookie$|@lukeed\/|iterare$|tslib$|uid$)/,
    'framework',
  ],
  [/^(class-validator|class-transformer|validator|libphonenumber-js|ajv)/, 'validation'],
  [/^(pg$|pg-|typeorm|postgres-|@types\/pg)/, 'database driver'],
  [
    /^(bullmq|ioredis|@ioredis\/|redis-|cluster-key-slot|denque|standard-as-callback|msgpackr|cron-parser|luxon)/,
    'queue',
  ],
  [/^xstate/, 'xstate'],
];

export const LAYER_LABEL = {
  idle: 'idle (waiting for I/O)',
  gc: 'garbage collection',
  native: 'native (V8, libuv, outside JavaScript)',
  ours: 'our code',
  framework: 'HTTP framework (Nest, Fastify, rxjs)',
  validation: 'validation (class-validator, class-transformer)',
  'database driver': 'database driver (pg, TypeORM)',
  queue: 'queue (BullMQ, ioredis)',
  xstate: 'xstate',
  node: 'node built-in modules',
  other: 'other packages',
};

/** The package a node_modules path belongs to (the innermost node_modules; scoped names keep their scope). */
export function packageOf(path) {
  const i = path.lastIndexOf('/node_modules/');
  if (i < 0) return null;
  const parts = path.slice(i + '/node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
 * Where a script's time goes: { group, layer, file } — group is a package name, `libs/<name>` / `apps/<name>` for our
 * code (the compiled code under dist/), `bench harness`, or `node: built-in modules`; file is the path to show.
 */
export function whereOf(url, root = '') {
  let path = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  if (path.startsWith('node:')) return { group: 'node: built-in modules', layer: 'node', file: path };
  const pkg = packageOf(path);
  if (pkg) {
    const layer = LAYER_OF_PACKAGE.find(([re]) => re.test(pkg))?.[1] ?? 'other';
    return { group: pkg, layer, file: path.slice(path.lastIndexOf('/node_modules/') + '/node_modules/'.length) };
  }
  const r = root.replace(/\/$/, '');
  if (r && path.startsWith(`${r}/`)) path = path.slice(r.length + 1);
  if (path.startsWith('dist/')) path = path.slice('dist/'.length);
  const m = /^(libs|apps)\/([^/]+)\//.exec(path);
  if (m) return { group: `${m[1]}/${m[2]}`, layer: 'ours', file: path };
  if (path.startsWith('test/bench/')) return { group: 'bench harness', layer: 'ours', file: path };
  return { group: path.split('/').slice(0, 2).join('/') || '(unknown script)', layer: 'other', file: path };
}

/**
 * Summarises one or more profiles (e.g. every file one process wrote), counting only the samples taken within
 * `window` ({ fromUs, toUs }: the monotonic clock in µs, which is what a profile's timestamps and
 * `process.hrtime.bigint() / 1000n` both read on Linux) when it is given.
 *
 * Returns times in ms: sampledMs (every counted sample), idleMs, gcMs, nativeMs, cpuMs (sampled − idle), the groups
 * and layers by self time (largest first), and the `top` functions by self time (idle, GC and native left out).
 */
export function summariseProfiles(profiles, { root = '', window, top = 10 } = {}) {
  const groups = new Map();
  const layers = new Map();
  const fns = new Map();
  let sampledMs = 0;
  let samples = 0;
  let firstUs = Infinity;
  let lastUs = -Infinity;
  for (const p of profiles) {
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const placed = new Map();
    const place = (id) => {
      if (placed.has(id)) return placed.get(id);
      const { callFrame: f } = byId.get(id);
      let where;
      if (PSEUDO[f.functionName] && !f.url) {
        const layer = PSEUDO[f.functionName];
        where = { group: LAYER_LABEL[layer], layer, file: null };
      } else if (f.url) where = whereOf(f.url, root);
      else {
        // A builtin without a script: charged to the nearest caller with one.
        let up = parent.get(id);
        while (up !== undefined && !byId.get(up).callFrame.url) up = parent.get(up);
        const caller = up === undefined ? null : place(up);
        where = caller?.file
          ? { group: caller.group, layer: caller.layer, file: null }
          : { group: LAYER_LABEL.native, layer: 'native', file: null };
      }
      placed.set(id, where);
      return where;
    };
    let t = p.startTime;
    const times = p.timeDeltas.map((d) => (t += d));
    for (let i = 0; i < p.samples.length; i++) {
      const at = times[i];
      const ms = Math.max(0, (i + 1 < times.length ? times[i + 1] : p.endTime) - at) / 1000;
      if (window && (at < window.fromUs || at >= window.toUs)) continue;
      firstUs = Math.min(firstUs, at);
      lastUs = Math.max(lastUs, at + ms * 1000);
      samples++;
      sampledMs += ms;
      const id = p.samples[i];
      const where = place(id);
      groups.set(where.group, {
        group: where.group,
        layer: where.layer,
        ms: (groups.get(where.group)?.ms ?? 0) + ms,
      });
      layers.set(where.layer, (layers.get(where.layer) ?? 0) + ms);
      const f = byId.get(id).callFrame;
      if (PSEUDO[f.functionName] && !f.url) continue;
      const key = `${f.functionName}\u0000${f.url}\u0000${f.lineNumber}\u0000${f.columnNumber}`;
      const at_ = f.url ? whereOf(f.url, root) : null;
      const prev = fns.get(key);
      fns.set(key, {
        name: f.functionName || '(anonymous)',
        where: at_ ? `${at_.file}:${f.lineNumber + 1}` : '(V8 builtin)',
        group: where.group,
        ms: (prev?.ms ?? 0) + ms,
        // The frame's script and 0-based position, for a source map to find the TypeScript line.
        ...(f.url ? { url: f.url, line: f.lineNumber, column: f.columnNumber } : {}),
      });
    }
  }
  const idleMs = layers.get('idle') ?? 0;
  const round = (x) => Math.round(x * 100) / 100;
  return {
    samples,
    spanMs: samples ? round((lastUs - firstUs) / 1000) : 0,
    sampledMs: round(sampledMs),
    idleMs: round(idleMs),
    gcMs: round(layers.get('gc') ?? 0),
    nativeMs: round(layers.get('native') ?? 0),
    cpuMs: round(sampledMs - idleMs),
    layers: [...layers].map(([layer, ms]) => ({ layer, ms: round(ms) })).sort((a, b) => b.ms - a.ms),
    groups: [...groups.values()].map((g) => ({ ...g, ms: round(g.ms) })).sort((a, b) => b.ms - a.ms),
    top: [...fns.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((f) => ({ ...f, ms: round(f.ms) })),
  };
}

const pct = (part, whole) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '—');
const ms1 = (x) => x.toLocaleString('en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/**
 * The Markdown tables of one summary: where the time went (idle, GC, native, then the groups; the smallest groups
 * folded into one row) and the top functions by self time.
 */
export function profileTables(s, { who = 'the process', groups = 14 } = {}) {
  const special = new Set(['idle', 'gc', 'native']);
  const rest = s.groups.filter((g) => !special.has(g.layer) || g.group !== LAYER_LABEL[g.layer]);
  const shown = rest.slice(0, groups);
  const folded = rest.slice(groups);
  const rows = [
    ['idle (waiting for I/O)', s.idleMs, '—'],
    ['garbage collection', s.gcMs],
    [LAYER_LABEL.native, s.nativeMs],
    ...shown.map((g) => [`${g.group}${g.layer === 'ours' ? ' (ours)' : ''}`, g.ms]),
    ...(folded.length ? [[`${folded.length} other groups`, folded.reduce((a, g) => a + g.ms, 0)]] : []),
  ];
  const where = `| Where ${who}'s time went (self time) | ms | % of samples | % of CPU |\n|---|---|---|---|\n${rows
    .map(([name, ms, cpu]) => `| ${name} | ${ms1(ms)} | ${pct(ms, s.sampledMs)} | ${cpu ?? pct(ms, s.cpuMs)} |`)
    .join('\n')}\n`;
  const topTable = `| Top functions by self time | Where (file:line) | Group | ms | % of CPU |\n|---|---|---|---|---|\n${s.top
    .map((f) => `| \`${f.name}\` | ${f.source ?? f.where} | ${f.group} | ${ms1(f.ms)} | ${pct(f.ms, s.cpuMs)} |`)
    .join('\n')}\n`;
  return `${where}\n${topTable}`;
}

/**
 * One sentence read off a summary: the idle share, then the CPU by layer (largest first, those above 3 %), with our
 * code split by library.
 */
export function profileReading(s, { who = 'the process', waitsOn = 'PostgreSQL' } = {}) {
  if (!s.samples) return `${who}: no samples in the window.`;
  const cpu = (ms) => pct(ms, s.cpuMs);
  const ours = s.groups.filter((g) => g.layer === 'ours' && g.ms / s.cpuMs >= 0.01);
  const parts = s.layers
    .filter((l) => l.layer !== 'idle' && l.ms / s.cpuMs >= 0.03)
    .map((l) =>
      l.layer === 'ours'
        ? `our code ${cpu(l.ms)} (${ours
            .slice(0, 3)
            .map((g) => `${g.group} ${cpu(g.ms)}`)
            .join(', ')})`
        : `${LAYER_LABEL[l.layer].replace(/ \(.*\)$/, '')} ${cpu(l.ms)}`,
    );
  const first = s.top[0];
  return `${who} was idle ${pct(s.idleMs, s.sampledMs)} of the time (waiting on ${waitsOn}); of its CPU: ${parts.join(', ')}; the costliest function: \`${first?.name ?? '—'}\` (${first ? (first.source ?? first.where) : '—'}, ${cpu(first?.ms ?? 0)}).`;
}

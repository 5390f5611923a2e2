#!/usr/bin/env node
// Person search at 100,000 people: run once by hand, NOT part of npm run bench.
//   npm run -s build:server && node test/bench/person-search.mjs        (PEOPLE=N to size it)
// It fills a bench database with 100,000 people (each with one case, in one of three teams), then runs the api's own
// PersonsService.search (the same SQL, audit row included) as a north caseworker: misspelt names in either order,
// name + date of birth, UPN, postcode. Prints p50 / p95 per kind and overall. The figure is quoted in docs/casework.md.
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createBenchDb, dist, log, percentile } from './lib.mjs';

const PEOPLE = Number(process.env.PEOPLE ?? 100_000);
const QUERIES = Number(process.env.QUERIES ?? 400);

const { createDataSource } = await import(dist('libs/persistence/src/index.js'));
const { SystemClock } = await import(dist('libs/platform/src/index.js'));
const { AuditService } = await import(dist('apps/api/src/audit/audit.service.js'));
const { PersonsService } = await import(dist('apps/api/src/persons/persons.service.js'));

const db = await createBenchDb('person_search');
const ds = createDataSource(db.url, { poolSize: 4, applicationName: 'ehc-bench-person' });
await ds.initialize();
try {
  log(`generating ${PEOPLE} people with a case each`);
  await ds.query(`INSERT INTO team (id, name) VALUES ('north', 'North'), ('south', 'South'), ('east', 'East')`);
  // Invented names from syllables: 200 given × 300 family names, so names repeat as they do in a county.
  await ds.query(`CREATE TEMP TABLE syl AS SELECT ARRAY['ma','li','so','ka','re','na','da','jo','el','ar','be','mi','to','sa','lu','ha','fe','ro','ve','ni'] AS a,
    ARRAY['n','ra','ly','son','mer','ton','ley','ia','ck','th'] AS b, ARRAY['wood','field','ford','ley','man','well','ster','by','worth','ham'] AS c`);
  await ds.query(`
    WITH g AS (SELECT array_agg(initcap(a[1 + i % 20] || a[1 + (i / 20) % 20] || b[1 + (i / 7) % 10])) a FROM syl, generate_series(0, 199) i),
         f AS (SELECT array_agg(initcap(a[1 + i % 20] || b[1 + (i / 20) % 10] || c[1 + i % 7])) a FROM syl, generate_series(0, 299) i)
    INSERT INTO person (id, given_name, family_name, date_of_birth, upn, postcode)
    SELECT md5('p' || i)::uuid, g.a[1 + i % 200], f.a[1 + (i / 200) % 300], date '2005-01-01' + (i * 13) % 7000,
           'A' || lpad(i::text, 11, '0') || (i % 10), 'CV' || (1 + i % 40) || ' ' || (i % 10) || chr(65 + i % 26) || chr(65 + (i / 26) % 26)
      FROM generate_series(1, ${PEOPLE}) i, g, f`);
  await ds.query(`
    INSERT INTO ehc_case (id, reference, team_id, child, version, person_id)
    SELECT md5('c' || i)::uuid, 'B-' || i, (ARRAY['north','south','east'])[1 + i % 3], '{}'::jsonb, 1, md5('p' || i)::uuid
      FROM generate_series(1, ${PEOPLE}) i`);
  await ds.query(`VACUUM ANALYZE person`);
  await ds.query(`VACUUM ANALYZE ehc_case`);
  const sample = await ds.query(`SELECT given_name, family_name, date_of_birth::text AS dob, upn, postcode FROM person p
    WHERE EXISTS (SELECT 1 FROM ehc_case c WHERE c.person_id = p.id AND c.team_id = 'north') ORDER BY random() LIMIT ${QUERIES}`);

  const persons = new PersonsService(ds, new AuditService(ds, new SystemClock()));
  const user = {
    id: '00000000-0000-4000-8000-000000000001',
    username: 'bench',
    displayName: 'Bench',
    role: 'caseworker',
    teamId: 'north',
    sessionId: 'x',
  };
  const typo = (s) => {
    const i = randomInt(1, s.length);
    return s.slice(0, i) + (s[i] === 'e' ? 'a' : 'e') + s.slice(i + 1);
  };
  const kinds = {
    'name, misspelt, family first': (p) => ({ name: `${typo(p.family_name)} ${p.given_name}` }),
    'name + date of birth': (p) => ({ name: `${p.given_name} ${typo(p.family_name)}`, dateOfBirth: p.dob }),
    UPN: (p) => ({ upn: p.upn }),
    postcode: (p) => ({ postcode: p.postcode.toLowerCase().replace(' ', '') }),
  };
  for (const p of sample.slice(0, 20)) await persons.search(user, kinds.UPN(p)); // warm up
  const all = [];
  const lines = [];
  for (const [kind, make] of Object.entries(kinds)) {
    const ms = [];
    let found = 0;
    for (const p of sample) {
      const t0 = performance.now();
      const r = await persons.search(user, make(p));
      ms.push(performance.now() - t0);
      if (r.some((x) => x.upn === p.upn)) found += 1;
    }
    all.push(...ms);
    lines.push(
      `${kind}: p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms, the person found in ${found}/${sample.length}`,
    );
  }
  console.log(`person search, ${PEOPLE} people, ${sample.length} searches per kind (north caseworker):`);
  for (const l of lines) console.log(`  ${l}`);
  const [{ n }] = await ds.query(`SELECT count(DISTINCT name_key)::int AS n FROM person`);
  console.log(
    `  (${n} distinct names: a name alone matches ${(PEOPLE / n).toFixed(1)} people on average, and the search returns the best 25 the team may see)`,
  );
  console.log(`  all kinds: p50 ${percentile(all, 50).toFixed(1)} ms, p95 ${percentile(all, 95).toFixed(1)} ms`);
} finally {
  await ds.destroy();
  await db.drop();
}

// docs/events.md is the vocabulary's description for people (councils' migration scripts are written against it):
// every event type of EVENT_FIELDS has its row, every field of it is named in that row, and every deadline kind and
// enum value is listed. Adding an event or a field without documenting it fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASE_EVENT_TYPES, DEADLINE_KINDS, EVENT_FIELDS } from '@ehc/workflow';

const doc = readFileSync(join(import.meta.dirname, '..', 'docs/events.md'), 'utf8');
const rowOf = (type: string) => doc.split('\n').find((l) => l.startsWith(`| \`${type}\` |`));

describe('docs/events.md describes the whole event vocabulary', () => {
  it('has a row for every event type, naming each of its fields', () => {
    const problems: string[] = [];
    for (const t of CASE_EVENT_TYPES) {
      const row = rowOf(t);
      if (!row) {
        problems.push(`${t}: no row`);
        continue;
      }
      for (const f of EVENT_FIELDS[t])
        if (f.name !== 'date' && !row.includes(`\`${f.name}\``)) problems.push(`${t}: field ${f.name} not named`);
    }
    expect(problems).toEqual([]);
  });

  it('lists every value of the enumerations and every deadline kind', () => {
    const values = new Set(
      CASE_EVENT_TYPES.flatMap((t) =>
        EVENT_FIELDS[t].flatMap((f) => (f.kind === 'enum' && f.name !== 'appliesTo' ? [...(f.options ?? [])] : [])),
      ),
    );
    const missing = [...values, ...DEADLINE_KINDS].filter((v) => !doc.includes(`\`${v}\``));
    expect(missing).toEqual([]);
  });
});

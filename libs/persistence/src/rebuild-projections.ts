import type { DataSource } from 'typeorm';
import { fromRow, idsOf } from './case-events.codec.js';
import { inTransaction } from './transaction.js';
import { rowsOf } from './sql.js';
import { writeProjections, type ProjectionOptions } from './projections.js';
import { refreshCaseFacts } from './measures/case-facts.sql.js';

/**
 * Rebuilds case_summary, case_deadline and the measure's case facts (case_facts, case_advice_facts: the same fold as
 * the write path's, refreshCaseFacts) from case_event alone (docs/architecture.md invariant 3). With fromScratch the
 * projections are emptied first; otherwise rows are recomputed in place and only changed deadlines get a
 * new generation (and a new wake-up call through the outbox).
 */
export async function rebuildProjections(
  ds: DataSource,
  o: ProjectionOptions & {
    fromScratch?: boolean;
    batchSize?: number;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<{ cases: number }> {
  const batch = o.batchSize ?? 500;
  if (o.fromScratch) await ds.query(`TRUNCATE case_summary, case_deadline, case_facts, case_advice_facts`);
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM ehc_case`);
  let after = '00000000-0000-0000-0000-000000000000';
  let done = 0;
  for (;;) {
    const batchIds: string[] = (
      await ds.query(`SELECT id FROM ehc_case WHERE id > $1 ORDER BY id LIMIT $2`, [after, batch])
    ).map((r: { id: string }) => r.id);
    if (!batchIds.length) break;
    await inTransaction(ds, async (tx) => {
      // Every writer of a case's deadline rows updates the case row first (projectionCtes, projections.ts: commands
      // read the stored rows without locks and rely on it). Updated here, the rows are held until this commits, so
      // the events read next are the cases' last ones and no command writes their projections meanwhile.
      const cases = rowsOf<{ id: string; reference: string; team_id: string; version: number }>(
        await tx.query(
          `UPDATE ehc_case SET version = version WHERE id = ANY($1::uuid[]) RETURNING id, reference, team_id, version`,
          [batchIds],
        ),
      );
      const rows: {
        case_id: string;
        type: string;
        business_date: string;
        data: Record<string, unknown>;
        event_id: string;
      }[] = await tx.query(
        `SELECT case_id, event_id::text, type, business_date::text AS business_date, data FROM case_event WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, version`,
        [batchIds],
      );
      const byCase = new Map<string, typeof rows>();
      for (const r of rows) (byCase.get(r.case_id) ?? byCase.set(r.case_id, []).get(r.case_id)!).push(r);
      await refreshCaseFacts(
        tx,
        cases.map((c) => c.id),
      );
      for (const c of cases) {
        await writeProjections(
          tx,
          { id: c.id, reference: c.reference, teamId: c.team_id, version: c.version },
          (byCase.get(c.id) ?? []).map(fromRow),
          o,
          undefined,
          idsOf(byCase.get(c.id) ?? []),
        );
      }
    });
    after = batchIds[batchIds.length - 1]!;
    done += batchIds.length;
    o.onProgress?.(done, n);
  }
  return { cases: done };
}

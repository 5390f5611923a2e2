import type { DataSource } from 'typeorm';
import { retentionDue, type IsoDate, type RetentionOutcome, type RetentionPolicy } from '@ehc/workflow';
import type { RetentionReasonCode, RetentionReviewItem } from '@ehc/contracts';
import type { Sql } from './sql.js';

/**
 * The nightly retention review (docs/operations.md#retention-and-erasure): which people are due for erasure today
 * under the council's policy (the pure rule `retentionDue` in libs/workflow), kept in retention_review for an admin to
 * approve or postpone. Only ids, references and dates are read or written here.
 */
export interface RetentionListing {
  /** People due and waiting for an admin (newly listed or still listed). */
  due: number;
  /** People listed for the first time tonight. */
  added: number;
  /** Postponements that ran out, listed again. */
  relisted: number;
  /** Listed people no longer due (a new request was opened since): taken off the list. */
  withdrawn: number;
}

// One row per person (not a merged duplicate, not yet erased) with no open case: the date of birth, the day the record
// was made and, per case, what became of it and the date of its last event. Open cases never make a person due, so
// they are left out early; a person with no case at all comes with an empty list.
const CANDIDATES = `
  SELECT p.id AS person_id, p.date_of_birth::text AS dob, (p.created_at AT TIME ZONE 'Europe/London')::date::text AS recorded_on,
         coalesce(json_agg(json_build_object('caseId', c.id, 'reference', c.reference,
           'outcome', CASE WHEN s.final_issued_on IS NOT NULL THEN 'plan' ELSE 'no-plan' END,
           'lastEventOn', (SELECT max(e.business_date)::text FROM case_event e WHERE e.case_id = c.id)) ORDER BY c.id) FILTER (WHERE c.id IS NOT NULL), '[]') AS cases
    FROM person p
    LEFT JOIN ehc_case c ON c.person_id = p.id
    LEFT JOIN case_summary s ON s.case_id = c.id
   WHERE p.merged_into IS NULL
     AND NOT EXISTS (SELECT 1 FROM retention_review r WHERE r.person_id = p.id AND r.status = 'erased')
     AND NOT EXISTS (SELECT 1 FROM ehc_case o JOIN case_summary os ON os.case_id = o.id WHERE o.person_id = p.id AND NOT os.closed)
   GROUP BY p.id`;

interface CandidateCase {
  caseId: string;
  reference: string;
  outcome: Exclude<RetentionOutcome, 'open'>;
  lastEventOn: IsoDate;
}

/** Lists everyone due on `today` (a London date) and takes off the list anyone no longer due. Safe to run twice. */
export async function listRetentionDue(
  ds: DataSource,
  today: IsoDate,
  policy: RetentionPolicy,
): Promise<RetentionListing> {
  const rows: { person_id: string; dob: string | null; recorded_on: string; cases: CandidateCase[] }[] =
    await ds.query(CANDIDATES);
  const due: { person_id: string; case_ids: string[]; case_references: string[]; due_on: IsoDate; reason: string }[] =
    [];
  for (const r of rows) {
    const d = retentionDue({ dateOfBirth: r.dob, cases: r.cases, recordedOn: r.recorded_on }, policy);
    if (d.dueOn !== null && d.dueOn <= today) {
      due.push({
        person_id: r.person_id,
        case_ids: r.cases.map((c) => c.caseId),
        case_references: r.cases.map((c) => c.reference),
        due_on: d.dueOn,
        reason: d.reason,
      });
    }
  }
  return ds.transaction(async (tx) => {
    // A postponement that has run out comes back as due; approved and erased rows are left alone.
    const [{ n: relisted }] = await tx.query(
      `WITH r AS (UPDATE retention_review SET status = 'due', postponed_until = NULL WHERE status = 'postponed' AND postponed_until <= $1::date RETURNING 1)
       SELECT count(*)::int AS n FROM r`,
      [today],
    );
    const [{ added }] = await tx.query(
      `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(person_id uuid, case_ids uuid[], case_references text[], due_on date, reason text)),
            ins AS (
              INSERT INTO retention_review (person_id, case_ids, case_references, due_on, reason)
              SELECT person_id, case_ids, case_references, due_on, reason FROM x
              ON CONFLICT (person_id) DO UPDATE SET case_ids = EXCLUDED.case_ids, case_references = EXCLUDED.case_references,
                     due_on = EXCLUDED.due_on, reason = EXCLUDED.reason
               WHERE retention_review.status = 'due'
              RETURNING (xmax = 0) AS inserted)
       SELECT count(*) FILTER (WHERE inserted)::int AS added FROM ins`,
      [JSON.stringify(due)],
    );
    const [{ n: withdrawn }] = await tx.query(
      `WITH d AS (DELETE FROM retention_review WHERE status IN ('due', 'postponed', 'approved') AND NOT (person_id = ANY($1::uuid[])) RETURNING 1)
       SELECT count(*)::int AS n FROM d`,
      [due.map((x) => x.person_id)],
    );
    const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM retention_review WHERE status = 'due'`);
    return { due: n, added, relisted, withdrawn };
  });
}

export interface ErasureRun {
  /** People erased (each in its own transaction). */
  erased: number;
  /** Their cases. */
  cases: number;
  /** People whose erasure was refused (e.g. a case reopened since approval), by person id; they stay approved. */
  failed: { personId: string; error: string }[];
  /** Objects of erased documents deleted from the object store in this run (this run's erasures and any left over). */
  objectsDeleted: number;
  /** Objects still queued for deletion (the store did not answer, or this process has no store): the next run tries again. */
  objectsLeft: number;
}

/** The part of the documents' object store erasure needs (libs/platform DocumentObjectStore). */
export interface ObjectRemover {
  remove(key: string): Promise<void>;
}

/**
 * Deletes the objects erase_personal_data queued in document_object_erasure (migration ErasureObjectsPersonChanges):
 * each object first, then its queue row, so a process that stops midway leaves the key queued for the next run (a
 * second delete of the same object succeeds). Stops at the first refusal of the store (it is likely down).
 */
export async function drainErasedObjects(
  ds: DataSource,
  store: ObjectRemover | null,
): Promise<{ deleted: number; left: number; refused: boolean }> {
  let deleted = 0;
  let refused = false;
  if (store) {
    for (;;) {
      const keys: { object_key: string }[] = await ds.query(
        `SELECT object_key FROM document_object_erasure ORDER BY queued_at, object_key LIMIT 100`,
      );
      if (!keys.length) break;
      try {
        for (const { object_key } of keys) {
          await store.remove(object_key);
          await ds.query(`DELETE FROM document_object_erasure WHERE object_key = $1`, [object_key]);
          deleted += 1;
        }
      } catch {
        refused = true;
        break;
      }
    }
  }
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM document_object_erasure`);
  return { deleted, left: n, refused };
}

/**
 * Erases every approved person through the privileged function erase_personal_data (migration RetentionErasure): one
 * transaction per person, so one refusal stops nobody else's erasure. The objects of their documents in the object
 * store (`store`, null when DOCUMENT_STORAGE=postgres) are deleted after each person's transaction has committed; the
 * keys left over by an earlier run that stopped midway are deleted first. Returns the case ids erased through `onErased`.
 */
export async function eraseApproved(
  ds: DataSource,
  today: IsoDate,
  store: ObjectRemover | null,
  onErased?: (caseIds: string[]) => void,
): Promise<ErasureRun> {
  // Once the store has refused in this run, the objects wait for the next run rather than being tried after every person.
  let remover = store;
  let objectsDeleted = 0;
  const drain = async () => {
    const d = await drainErasedObjects(ds, remover);
    objectsDeleted += d.deleted;
    if (d.refused) remover = null;
    return d.left;
  };
  let objectsLeft = await drain();
  const approved: { person_id: string }[] = await ds.query(
    `SELECT person_id FROM retention_review WHERE status = 'approved' ORDER BY decided_at, person_id`,
  );
  const run = { erased: 0, cases: 0, failed: [] as ErasureRun['failed'] };
  for (const { person_id } of approved) {
    try {
      const [{ ids }] = await ds.query(`SELECT erase_personal_data($1::uuid, $2::date) AS ids`, [person_id, today]);
      run.erased += 1;
      run.cases += ids.length;
      onErased?.(ids);
    } catch (err) {
      // The database's message names the person id only, never personal data.
      run.failed.push({ personId: person_id, error: (err as Error).message });
      continue;
    }
    objectsLeft = await drain();
  }
  return { ...run, objectsDeleted, objectsLeft };
}

// The admin's side of the review: the list, and a decision (approve or postpone) on one person.

export interface RetentionReviewRow {
  person_id: string;
  case_ids: string[];
  case_references: string[];
  due_on: string;
  reason: RetentionReasonCode;
  status: RetentionReviewItem['status'];
  postponed_until: string | null;
  postpone_reason: string | null;
  /** The display name of the admin who decided. */
  decided_by: string | null;
  decided_at: Date | null;
}

const REVIEW_COLUMNS = `r.person_id, r.case_ids, r.case_references, r.due_on::text AS due_on, r.reason, r.status, r.postponed_until::text AS postponed_until,
  r.postpone_reason, u.display_name AS decided_by, r.decided_at`;

/** Everyone listed and not yet erased: due first, then approved (waiting for tonight's erasure), then postponed. */
export function retentionReviewList(sql: Sql): Promise<RetentionReviewRow[]> {
  return sql.query(
    `SELECT ${REVIEW_COLUMNS} FROM retention_review r LEFT JOIN app_user u ON u.id = r.decided_by
        WHERE r.status <> 'erased'
        ORDER BY array_position(ARRAY['due', 'approved', 'postponed'], r.status), r.due_on, r.case_references[1], r.person_id`,
  );
}

/** One person's review. */
export async function retentionReview(sql: Sql, personId: string): Promise<RetentionReviewRow | undefined> {
  const [row] = await sql.query(
    `SELECT ${REVIEW_COLUMNS} FROM retention_review r LEFT JOIN app_user u ON u.id = r.decided_by WHERE r.person_id = $1`,
    [personId],
  );
  return row;
}

/** The person's review status and cases, locked for a decision. */
export async function retentionReviewForUpdate(
  tx: Sql,
  personId: string,
): Promise<{ status: string; case_ids: string[] } | undefined> {
  const [row] = await tx.query(`SELECT status, case_ids FROM retention_review WHERE person_id = $1 FOR UPDATE`, [
    personId,
  ]);
  return row;
}

/** An admin's decision: approve the erasure, or postpone it until a day with a reason. */
export type RetentionDecision = { approve: true } | { approve: false; until: string; reason: string };

export async function decideRetention(
  tx: Sql,
  personId: string,
  decidedBy: string,
  at: Date,
  d: RetentionDecision,
): Promise<void> {
  if (d.approve)
    await tx.query(
      `UPDATE retention_review SET status = 'approved', postponed_until = NULL, postpone_reason = NULL, decided_by = $2, decided_at = $3
        WHERE person_id = $1`,
      [personId, decidedBy, at],
    );
  else
    await tx.query(
      `UPDATE retention_review SET status = 'postponed', postponed_until = $4, postpone_reason = $5, decided_by = $2, decided_at = $3
        WHERE person_id = $1`,
      [personId, decidedBy, at, d.until, d.reason],
    );
}

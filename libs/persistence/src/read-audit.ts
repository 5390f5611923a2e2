/**
 * The audit row of a read, written by the read's own statement (docs/architecture.md invariant 9): given the number of
 * its first parameter, the name of the CTE whose row it depends on (the case is visible) and an SQL jsonb expression
 * over that row to add to its detail, it returns an `audited AS (INSERT INTO audit_event …)` CTE and its parameters.
 * The api builds it from the request (AuditService.cte); the read modules place it in their statement.
 */
export type ReadAudit = (first: number, onlyIf?: string, addToDetail?: string) => { sql: string; params: unknown[] };

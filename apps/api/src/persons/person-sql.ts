/**
 * SQL shared by the person services. Who may see a person: the team that made the record, or any team that holds a
 * case for them. Nobody else (the board never; another team's caseworker gets "not found").
 */
export const VISIBLE_TO_TEAM = (p: string, team: string) =>
  `(${p}.created_by_team = ${team} OR EXISTS (SELECT 1 FROM ehc_case vc WHERE vc.person_id = ${p}.id AND vc.team_id = ${team}))`;

/** The columns of a person, named as the API names them. */
export const PERSON_COLUMNS = (p: string) => `${p}.id, ${p}.given_name AS "givenName", ${p}.family_name AS "familyName",
  ${p}.date_of_birth::text AS "dateOfBirth", ${p}.upn, ${p}.uln, ${p}.address, ${p}.postcode, ${p}.school_urn AS "schoolUrn",
  ${p}.school_name AS "schoolName", ${p}.home_language AS "homeLanguage", ${p}.interpreter_needed AS "interpreterNeeded",
  ${p}.sex, ${p}.ethnicity, ${p}.merged_into AS "mergedInto"`;

/**
 * Keeps each case's copy of the child (ehc_case.child: what the caseload and queue lists show) equal to the person
 * record. Runs in the same transaction as every change to a person's core details and every merge.
 */
export const SYNC_CASE_CHILD = `
  UPDATE ehc_case c SET child = jsonb_strip_nulls(jsonb_build_object('givenName', p.given_name, 'familyName', p.family_name,
      'dateOfBirth', p.date_of_birth::text, 'upn', p.upn, 'postcode', p.postcode, 'school', p.school_name))
    FROM person p WHERE p.id = $1 AND c.person_id = p.id`;

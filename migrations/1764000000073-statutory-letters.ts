import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statutory letters: the council's templates (one per notice, editable by the council; these are the defaults), and
 * each letter sent on a case with its date and the PDF kept as a case document. A letter is a record of what was
 * sent, so rows are never changed or deleted (trigger); a letter sent in error is followed by a new one.
 *
 * Templates are plain text: paragraphs separated by a blank line, {{placeholders}} filled from the case.
 */
const SENDIASS = `Free, impartial information, advice and support is available from our SEND information, advice and support service (SENDIASS). They can help you understand this letter and what you can do next.`;
const RIGHTS = `If you disagree with this decision you have the right to appeal to the First-tier Tribunal (Special Educational Needs and Disability). You must appeal within two months of the date of this letter, or within one month of the date of a mediation certificate, whichever is later.

Before you appeal you must contact a mediation adviser to find out about mediation, and get a mediation certificate. You do not have to go to mediation, but you need the certificate to appeal. You can ask for mediation or a certificate from our mediation adviser.

You can also use our disagreement resolution arrangements at any time, to help settle a disagreement with us or with your child's school. Using them does not affect your right to appeal.`;

const TEMPLATES: [string, string, string][] = [
  [
    'decision-to-assess',
    'Our decision: we will carry out an EHC needs assessment',
    `Dear {{recipient}},

Education, health and care needs assessment for {{childName}} (born {{dateOfBirth}}), our reference {{reference}}

Thank you for the request we received on {{requestDate}}. On {{decisionDate}} we decided to carry out an EHC needs assessment for {{childName}}.

We will now ask for advice and information about {{childName}}'s needs, including from you. We will tell you whether we will issue an education, health and care plan. If we do, the final plan must be issued within 20 weeks of the date we received the request, that is by {{finalPlanDue}}.

${SENDIASS}

Your caseworker is {{caseworker}}.

Yours sincerely,
SEND Assessment Team`,
  ],
  [
    'decision-not-to-assess',
    'Our decision: we will not carry out an EHC needs assessment',
    `Dear {{recipient}},

Education, health and care needs assessment for {{childName}} (born {{dateOfBirth}}), our reference {{reference}}

Thank you for the request we received on {{requestDate}}. On {{decisionDate}} we decided not to carry out an EHC needs assessment for {{childName}}.

Our reasons are: {{reasons}}

${RIGHTS}

${SENDIASS}

Your caseworker is {{caseworker}}.

Yours sincerely,
SEND Assessment Team`,
  ],
  [
    'decision-not-to-issue',
    'Our decision: we will not issue an EHC plan',
    `Dear {{recipient}},

Education, health and care plan for {{childName}} (born {{dateOfBirth}}), our reference {{reference}}

We have completed the EHC needs assessment. On {{decisionDate}} we decided not to issue an EHC plan for {{childName}}.

Our reasons are: {{reasons}}

${RIGHTS}

${SENDIASS}

Your caseworker is {{caseworker}}.

Yours sincerely,
SEND Assessment Team`,
  ],
  [
    'draft-plan',
    'The draft EHC plan',
    `Dear {{recipient}},

Draft education, health and care plan for {{childName}} (born {{dateOfBirth}}), our reference {{reference}}

We enclose the draft EHC plan, served on {{decisionDate}}, with the advice and information we gathered.

You have 15 days, beginning with the day the draft plan was served, to make representations about its content: until {{representationsBy}}. Within the same 15 days you may request a particular school or other institution to be named in the plan, and you may ask for a meeting with an officer of the council to discuss the draft.

You can find information about the schools and colleges available in our local offer.

${SENDIASS}

Your caseworker is {{caseworker}}.

Yours sincerely,
SEND Assessment Team`,
  ],
  [
    'final-plan',
    'The final EHC plan',
    `Dear {{recipient}},

Final education, health and care plan for {{childName}} (born {{dateOfBirth}}), our reference {{reference}}

We enclose the final EHC plan for {{childName}}, issued on {{decisionDate}}.

If you disagree with the special educational needs it describes, the special educational provision, or the school or other institution named (or that none is named), you have the right to appeal to the First-tier Tribunal (Special Educational Needs and Disability). You must appeal within two months of the date of this letter, or within one month of the date of a mediation certificate, whichever is later.

Before you appeal you must contact a mediation adviser to find out about mediation, and get a mediation certificate (not needed if your appeal is only about the school or institution named). You can ask for mediation or a certificate from our mediation adviser.

You can also use our disagreement resolution arrangements at any time. Using them does not affect your right to appeal.

${SENDIASS}

Your caseworker is {{caseworker}}.

Yours sincerely,
SEND Assessment Team`,
  ],
];

export class StatutoryLetters1764000000073 implements MigrationInterface {
  name = 'StatutoryLetters1764000000073';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE letter_template (
        notice      text PRIMARY KEY CHECK (notice IN ('decision-to-assess', 'decision-not-to-assess', 'decision-not-to-issue', 'draft-plan', 'final-plan')),
        title       text NOT NULL,
        body        text NOT NULL,
        version     integer NOT NULL DEFAULT 1,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        updated_by  text
      );

      CREATE TABLE case_letter (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id           uuid NOT NULL REFERENCES ehc_case(id),
        notice            text NOT NULL,
        sent_on           date NOT NULL,          -- the date the notice was sent (a London date)
        event_id          uuid NOT NULL REFERENCES case_event(event_id),   -- the decision it gives notice of
        document_id       uuid NOT NULL REFERENCES case_document(id),      -- the PDF as sent
        template_version  integer NOT NULL,
        recorded_by       text NOT NULL,
        recorded_at       timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX case_letter_case ON case_letter (case_id, sent_on);

      CREATE FUNCTION case_letter_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_letter is append-only: % is not allowed (send a new letter instead)', TG_OP USING ERRCODE = 'restrict_violation';
      END $$;
      CREATE TRIGGER case_letter_no_update BEFORE UPDATE OR DELETE ON case_letter FOR EACH ROW EXECUTE FUNCTION case_letter_is_append_only();
    `);
    for (const [notice, title, body] of TEMPLATES) {
      await q.query(`INSERT INTO letter_template (notice, title, body) VALUES ($1, $2, $3)`, [notice, title, body]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_letter; DROP FUNCTION case_letter_is_append_only(); DROP TABLE letter_template;`);
  }
}

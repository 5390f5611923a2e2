import { DOCUMENT_KIND_LABELS, EXCEPTION_KIND_LABELS, NOTICE_KIND_LABELS, type DocumentKind } from '@ehc/contracts';
import type { ExportedCase, SubjectAccessExport } from './subject-access-export.js';

/**
 * export.html: the same content as export.json, for the child or family to read and print. HTML rather than a PDF
 * because it reflows on any screen, is read by screen readers and translation tools with its headings and table
 * headers, and prints cleanly (A4, each case from a new page); docs/subject-access.md says more. Every value is
 * escaped, and the page's own Content-Security-Policy allows no script and no remote resource at all, so text
 * someone typed (a note, a reason) can never act as markup.
 */
const esc = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const when = (v: unknown) =>
  v
    ? esc(
        new Date(String(v)).toLocaleString('en-GB', {
          timeZone: 'Europe/London',
          dateStyle: 'long',
          timeStyle: 'short',
        }),
      )
    : '';
const day = (v: unknown) =>
  v
    ? esc(
        new Date(`${String(v)}T12:00:00Z`).toLocaleDateString('en-GB', {
          timeZone: 'UTC',
          day: 'numeric',
          month: 'long',
          year: 'numeric',
        }),
      )
    : '';
const words = (code: unknown) => esc(String(code ?? '').replace(/[-_.]/g, ' '));
const yesNo = (v: unknown) => (v === true ? 'Yes' : v === false ? 'No' : '');

function table(caption: string, head: string[], rows: string[][], empty: string): string {
  if (!rows.length) return `<h4>${esc(caption)}</h4><p>${esc(empty)}</p>`;
  return `<table><caption>${esc(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`;
}

function details(rows: [string, string][]): string {
  return `<dl>${rows
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${v}</dd></div>`)
    .join('')}</dl>`;
}

/** An event's own fields, in words, leaving out ids that mean nothing to a reader. */
function fieldsOf(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([k, v]) => v !== null && v !== undefined && v !== '' && !['corrects', 'retracts'].includes(k))
    .map(
      ([k, v]) =>
        `${words(k.replace(/([A-Z])/g, ' $1').toLowerCase())}: ${esc(typeof v === 'object' ? JSON.stringify(v) : v)}`,
    )
    .join('<br>');
}

/** The changes of the child's details, from a case or from the person's record. */
const changesTable = (caption: string, rows: Record<string, unknown>[]) =>
  table(
    caption,
    ['When', 'By', 'Details changed', 'Before', 'Reason'],
    rows.map((x) => [
      when(x.changedAt),
      esc(x.displayName ?? x.username),
      esc((x.fields as string[]).join(', ')),
      esc(JSON.stringify(x.previous)),
      esc(x.reason),
    ]),
    'None.',
  );

function caseSection(c: ExportedCase): string {
  const s = c.summary;
  const timeline = c.timeline.map((e) => [
    day(e.date),
    `${esc(e.label)}${e.about ? `<br><span class="small">${esc(e.about)}</span>` : ''}${e.correctionStatus ? ` <strong>(${esc(e.correctionStatus === 'retracted' ? 'Retracted' : 'Corrected')})</strong>` : ''}`,
    fieldsOf(e.data),
    `${when(e.recordedAt)}<br>${esc(e.actorName ?? e.actor)}`,
    (e.corrections ?? [])
      .map(
        (n) =>
          `${esc(n.type === 'EventRetracted' ? 'Retracted' : 'Corrected')} on ${when(n.recordedAt)} by ${esc(n.actorName ?? '')}: ${esc(n.reason)}${n.correction ? ` (now ${esc(JSON.stringify(n.correction))})` : ''}`,
      )
      .join('<br>'),
  ]);
  return `<section class="case"><h2>Case ${esc(c.reference)}</h2>
${details([
  ['Team', esc(c.team.name)],
  ['Opened', when(c.openedAt)],
  ['Request received', day(s.receivedOn)],
  ['Stage now', esc(s.stageLabel)],
  ['Closed', yesNo(s.closed)],
  ['Final plan issued', day(s.finalIssuedOn)],
  ['Caseworker', esc(s.caseworker)],
])}
<h3>The child’s details on this case</h3>
${
  c.personalDataErasedOn
    ? `<p>Erased on ${day(c.personalDataErasedOn)}.</p>`
    : details(Object.entries(c.childOnCase).map(([k, v]) => [k.replace(/([A-Z])/g, ' $1').toLowerCase(), esc(v)]))
}
${changesTable('Corrections of the child’s details', c.childDetailChanges)}
<h3>History</h3>
${table('Everything recorded on the case, oldest first', ['Date', 'What', 'Details', 'Recorded', 'Corrections'], timeline, 'Nothing recorded.')}
${table(
  'Exceptions to the time limits',
  ['Exception', 'From', 'To', 'Applies to', 'Evidence', 'Recorded on'],
  c.exceptions.map((x) => [
    esc(EXCEPTION_KIND_LABELS[String(x.kind)] ?? x.kind),
    day(x.from),
    day(x.to),
    esc((x.appliesTo as string[] | undefined)?.join(', ')),
    esc(x.evidence),
    day(x.recordedOn),
  ]),
  'None.',
)}
${table(
  'Time limits',
  ['Time limit', 'Due', 'Status', 'Done on', 'Regulation'],
  c.deadlines.map((d) => [esc(d.label), day(d.due), words(d.status), day(d.metOn), esc(d.regulation)]),
  'None.',
)}
${table(
  'Notes and contact log',
  ['Date', 'Kind', 'With', 'Summary', 'Written'],
  c.notes.map((x) => [
    day(x.occurredOn),
    words(x.kind),
    esc(x.withWhom),
    `${esc(x.summary)}${x.corrects ? '<br><span class="small">(corrects an earlier note)</span>' : ''}`,
    `${when(x.recordedAt)}<br>${esc(x.authorName ?? x.author)}`,
  ]),
  'None.',
)}
${table(
  'Documents (the files are in the documents folder beside this page)',
  ['Title', 'Kind', 'File', 'Added'],
  c.documents.map((d) => [
    esc(d.title),
    esc(DOCUMENT_KIND_LABELS[d.kind as DocumentKind] ?? d.kind),
    `<a href="${esc(d.file)}">${esc(d.file)}</a> (${esc(Math.ceil(d.sizeBytes / 1024))} KB)`,
    `${when(d.uploadedAt)}<br>${esc(d.uploadedByName ?? d.uploadedBy)}`,
  ]),
  'None.',
)}
${table(
  'Letters sent',
  ['Letter', 'Sent on', 'Recorded by'],
  c.letters.map((l) => [
    esc(NOTICE_KIND_LABELS[String(l.notice)] ?? l.notice),
    day(l.sentOn),
    `${esc(l.recordedBy)}, ${when(l.recordedAt)}`,
  ]),
  'None.',
)}
</section>`;
}

export function subjectAccessHtml(x: SubjectAccessExport): string {
  const p = x.person;
  const erased = x.personalDataErasedOn;
  const name = erased
    ? 'a child or young person whose personal data was erased'
    : `${String(p.givenName ?? '')} ${String(p.familyName ?? '')}`.trim();
  const personRows: [string, string][] = erased
    ? [
        ['Personal data erased on', day(erased)],
        ['Record made', when(p.createdAt)],
      ]
    : [
        ['Given name', esc(p.givenName)],
        ['Family name', esc(p.familyName)],
        ['Date of birth', day(p.dateOfBirth)],
        ['Unique pupil number (UPN)', esc(p.upn)],
        ['Unique learner number (ULN)', esc(p.uln)],
        ['Address', esc(p.address)],
        ['Postcode', esc(p.postcode)],
        ['School URN', esc(p.schoolUrn)],
        ['School', esc(p.schoolName)],
        ['Home language', esc(p.homeLanguage)],
        ['Interpreter needed', yesNo(p.interpreterNeeded)],
        ['Record made', when(p.createdAt)],
        ['Last changed', when(p.updatedAt)],
      ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Information we hold about ${esc(name)}</title>
<style>
body { font-family: Arial, Helvetica, sans-serif; line-height: 1.4; margin: 1.5rem; color: #0b0c0c; max-width: 70rem; }
h1 { font-size: 1.8rem; } h2 { font-size: 1.4rem; border-top: 2px solid #0b0c0c; padding-top: .5rem; margin-top: 2rem; } h3, h4 { font-size: 1.1rem; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; font-size: .9rem; } caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border-bottom: 1px solid #b1b4b6; padding: .3rem .4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
dl div { display: flex; gap: 1rem; border-bottom: 1px solid #b1b4b6; padding: .2rem 0; } dt { font-weight: bold; min-width: 14rem; } dd { margin: 0; }
.small { font-size: .85rem; color: #505a5f; } a { color: #1d70b8; }
@media print { body { margin: 0; font-size: 10pt; } .case { break-before: page; } tr { break-inside: avoid; } a { color: inherit; } @page { size: A4; margin: 15mm; } }
</style></head>
<body><main>
<h1>Information we hold about ${esc(name)}</h1>
<p>This is a copy of the information the council’s special educational needs service holds in its case-management system about this child or young
person, made on ${when(x.generatedAt)} in answer to a subject access request (UK GDPR article 15). The same information is in <code>export.json</code>
(format ${esc(x.format)}, version ${esc(x.version)}), and the documents are in the <code>documents</code> folder.</p>
${
  erased
    ? `<p><strong>The personal data of this child or young person was erased on ${day(erased)}</strong>, when the council’s retention period for it
ended (UK GDPR articles 5(1)(e) and 17). Their name, date of birth, contact details, the people recorded around them, notes, documents and letters
are no longer held. What is kept is below: each case’s reference, dates and decisions (any text written in them reads “(erased)”), and who looked
at or changed the record.</p>`
    : ''
}
<h2>The child or young person</h2>
${details(personRows)}
${!erased && x.personDetailChanges.length ? changesTable('Changes of the details made on the child’s record', x.personDetailChanges) : ''}
${
  !erased && x.mergedRecords.length
    ? table(
        'Other records of the same child, merged into this one',
        ['Name', 'Date of birth', 'UPN', 'Record made'],
        x.mergedRecords.map((m) => [
          esc(`${String(m.givenName)} ${String(m.familyName)}`),
          day(m.dateOfBirth),
          esc(m.upn),
          when(m.createdAt),
        ]),
        '',
      )
    : ''
}
<h2>Parents, carers and professionals</h2>
${table(
  'People recorded around the child',
  ['Name', 'Who', 'Parental responsibility', 'Organisation', 'Phone', 'E-mail', 'Address', 'Prefers', 'Recorded'],
  x.contacts.map((c) => [
    esc(c.name),
    words(c.relationship),
    yesNo(c.parentalResponsibility),
    esc(c.organisation),
    esc(c.phone),
    esc(c.email),
    esc(c.address),
    words(c.preferredContact),
    `${when(c.createdAt)}<br>${esc(c.createdBy)}`,
  ]),
  'None recorded.',
)}
<p>${x.cases.length} case${x.cases.length === 1 ? '' : 's'} (requests for an assessment and plans) follow.</p>
${x.cases.map(caseSection).join('\n')}
<section class="case"><h2>Who looked at or changed this information</h2>
${table(
  'Access and changes, oldest first',
  ['When', 'Who', 'Role', 'What', 'Case'],
  x.audit.map((a) => [
    when(a.at),
    esc(a.displayName ?? a.username ?? 'Not signed in'),
    words(a.role),
    esc(a.action),
    esc(a.caseReference),
  ]),
  'None recorded.',
)}
</section>
<p class="small">Made by ${esc(x.generatedBy.displayName ?? x.generatedBy.username)} on ${when(x.generatedAt)}.</p>
</main></body></html>
`;
}

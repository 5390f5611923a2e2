import { setImmediate as nextTurn } from 'node:timers/promises';
import { unzipSync } from 'fflate';
import { subjectAccessHtml } from './subject-access-html.js';
import { SUBJECT_ACCESS_FORMAT, SUBJECT_ACCESS_VERSION, type SubjectAccessExport } from './subject-access-export.js';
import { subjectAccessZip } from './subject-access-zip.js';
import { chunkStream } from '../../casework/documents.service.js';

/** A stand-in for the database's chunk table: a document of `chunks` stored chunks, counting the reads, read by the documents' own chunk reader. */
function chunkStore(chunks: number, size: number) {
  const reads: number[] = [];
  const chunk = (seq: number) => Buffer.alloc(size, seq % 251);
  return {
    reads,
    expected: Buffer.concat(Array.from({ length: chunks }, (_, i) => chunk(i))),
    open: async (id: string) =>
      chunkStream(
        {
          query: async (_sql: string, [, seq]: [string, number]) => {
            reads.push(seq);
            return seq < chunks ? [{ data: chunk(seq) }] : [];
          },
        } as never,
        id,
      ),
  };
}

async function drain(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(p as Buffer);
  return Buffer.concat(parts);
}

describe('the subject access zip (docs/subject-access.md#how-it-is-built)', () => {
  it('reads a document chunk by chunk only as fast as the client takes the zip, never the whole file ahead', async () => {
    const store = chunkStore(40, 256 * 1024); // a 10 MiB document
    const zip = subjectAccessZip(
      store.open,
      [{ path: 'export.json', text: '{}' }],
      [{ id: 'd1', path: 'documents/01-A/001-report.pdf' }],
    );
    for (let i = 0; i < 50; i++) await nextTurn();
    // Nobody is reading: the stream stops asking the database once its buffer is full.
    expect(store.reads.length).toBeLessThanOrEqual(2);
    const files = unzipSync(new Uint8Array(await drain(zip)));
    expect(Object.keys(files)).toEqual(['export.json', 'documents/01-A/001-report.pdf']);
    expect(Buffer.from(files['documents/01-A/001-report.pdf']!).equals(store.expected)).toBe(true);
    expect(store.reads).toEqual(Array.from({ length: 41 }, (_, i) => i)); // every chunk once, then the end
  });

  it('stops reading when the client goes away', async () => {
    const store = chunkStore(40, 256 * 1024);
    const zip = subjectAccessZip(store.open, [], [{ id: 'd1', path: 'documents/a.pdf' }]);
    zip.once('data', () => zip.destroy());
    zip.resume();
    for (let i = 0; i < 50; i++) await nextTurn();
    expect(store.reads.length).toBeLessThan(5);
  });
});

describe('export.html', () => {
  const exported = (summary: string): SubjectAccessExport => ({
    format: SUBJECT_ACCESS_FORMAT,
    version: SUBJECT_ACCESS_VERSION,
    generatedAt: '2025-03-03T09:00:00.000Z',
    generatedBy: { username: 'manager-north', displayName: 'North team manager' },
    person: {
      id: 'p1',
      givenName: 'Ada',
      familyName: '<Lovelace>',
      dateOfBirth: '2015-03-02',
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    },
    personalDataErasedOn: null,
    mergedRecords: [],
    personDetailChanges: [],
    contacts: [],
    audit: [],
    cases: [
      {
        id: 'c1',
        reference: 'NORTH-1',
        team: { id: 'north', name: 'North team' },
        openedAt: '2025-01-06T09:00:00.000Z',
        summary: {
          stage: 'assessing',
          stageLabel: 'Assessing',
          closed: false,
          receivedOn: '2025-01-06',
          finalIssuedOn: null,
          caseworker: 'cw-north-1',
        },
        childOnCase: {},
        personalDataErasedOn: null,
        childDetailChanges: [],
        timeline: [],
        exceptions: [],
        deadlines: [],
        documents: [],
        letters: [],
        notes: [
          {
            id: 'n1',
            kind: 'note',
            occurredOn: '2025-01-07',
            withWhom: null,
            summary,
            corrects: null,
            author: 'cw-north-1',
            authorName: 'Caseworker',
            recordedAt: '2025-01-07T10:00:00.000Z',
          },
        ],
      },
    ],
  });

  it('escapes everything people typed, and its own policy forbids any script', () => {
    const html = subjectAccessHtml(exported('<script>alert(1)</script> & "quotes"'));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;quotes&#34;');
    expect(html).toContain('Information we hold about Ada &#60;Lovelace&#62;');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  });

  it('prints each case from a new page, with London dates in words', () => {
    const html = subjectAccessHtml(exported('Called the school'));
    expect(html).toMatch(/@media print \{.*\.case \{ break-before: page; \}/);
    expect(html).toContain('7 January 2025');
    expect(html).toContain('2 March 2015');
  });
});

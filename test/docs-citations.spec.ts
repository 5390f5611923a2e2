// Every citation in the repository can be followed inside it (docs/architecture.md invariant 12): no file cites a
// document the repository does not contain, and every `docs/….md#anchor` and "docs/architecture.md invariant N"
// points at a heading or an invariant that exists.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

/** Documents that were never part of the repository (the design notes the project started from). */
const OUTSIDE_DOCUMENTS: [RegExp, string][] = [
  [/\bDESIGN(\.md)?\b/, 'the design notes'],
  [/\bSTYLE\.md\b/, 'the style notes'],
  [/statutory-reference/, 'the statutory reference notes'],
  [/case-events\.md/, 'the case-events notes'],
  [/performance-notes|engineering-notes|toolchain-notes/, 'the reference notes'],
  [/\/work\/shared|shared\/domain|shared\/reference/, 'a folder outside the repository'],
  [/§\s?\d/, 'numbered sections of a document outside the repository'],
  [/\bissues? #?\d+/i, 'an issue of a tracker the repository does not contain (say what it asked for instead)'],
];

/** Removed by the lead with the rest of the start-up notes; it names them on purpose. */
const EXEMPT = new Set(['test/docs-citations.spec.ts', 'package-lock.json']);

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

export function anchorsOf(markdown: string): Set<string> {
  const out = new Set<string>();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const m = !inFence && /^#{1,6}\s+(.*)$/.exec(line);
    if (m) out.add(slug(m[1]!));
  }
  return out;
}

/** Numbers of the "## Invariants" list of a markdown file. */
export function invariantsOf(markdown: string): Set<number> {
  const section = /## Invariants\n([\s\S]*?)(\n## |$)/.exec(markdown)?.[1] ?? '';
  return new Set([...section.matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1])));
}

export interface Source {
  path: string;
  text: string;
}

/**
 * The broken citations in `files`. `readDoc` returns a markdown file of the repository by its path from the root
 * (undefined when there is none).
 */
export function brokenCitations(files: Source[], readDoc: (path: string) => string | undefined): string[] {
  const problems: string[] = [];
  for (const f of files) {
    if (EXEMPT.has(f.path)) continue;
    f.text.split('\n').forEach((line, i) => {
      const at = `${f.path}:${i + 1}`;
      for (const [re, what] of OUTSIDE_DOCUMENTS) {
        if (re.test(line))
          problems.push(`${at} cites ${what}, which the repository does not contain: ${line.trim().slice(0, 120)}`);
      }
      // Paths to markdown files, optionally with an anchor: docs/law.md#exceptions, (law.md), ../BENCHMARKS.md.
      for (const m of line.matchAll(/(?<![\w/.-])((?:\.{1,2}\/|[\w-]+\/)*[\w.-]+\.md)(#[\w-]+)?/g)) {
        const cited = m[1]!;
        const candidates = [normalize(join(dirname(f.path), cited)), normalize(cited)];
        const path = candidates.find((p) => readDoc(p) !== undefined);
        if (!path) {
          problems.push(`${at} cites ${cited}, which is not in the repository`);
          continue;
        }
        const anchor = m[2]?.slice(1);
        if (anchor && !anchorsOf(readDoc(path)!).has(anchor))
          problems.push(`${at} cites ${path}#${anchor}: no such heading`);
      }
      for (const m of line.matchAll(/docs\/architecture\.md invariants? (\d+)/g)) {
        const doc = readDoc('docs/architecture.md');
        if (!doc || !invariantsOf(doc).has(Number(m[1])))
          problems.push(`${at} cites invariant ${m[1]} of docs/architecture.md, which has no such invariant`);
      }
    });
  }
  return problems;
}

function trackedTextFiles(): Source[] {
  const paths = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  return paths
    .filter((p) => !/\.(png|jpe?g|gif|ico|woff2?|ttf|pdf)$/i.test(p) && existsSync(join(ROOT, p)))
    .map((p) => ({ path: p, text: readFileSync(join(ROOT, p), 'utf8') }));
}

describe('citations can be followed inside the repository (docs/architecture.md invariant 12)', () => {
  const readRepoDoc = (p: string) => (existsSync(join(ROOT, p)) ? readFileSync(join(ROOT, p), 'utf8') : undefined);

  it('no tracked file cites a document outside the repository, a missing docs/ file, anchor or invariant', () => {
    expect(brokenCitations(trackedTextFiles(), readRepoDoc)).toEqual([]);
  });

  it('the checker finds each kind of broken citation', () => {
    const docs: Record<string, string> = {
      'docs/law.md': "# The law\n\n## Counting days\n\n## The board's measure\n",
      'docs/architecture.md': '## Invariants\n\n1. One.\n2. Two.\n',
    };
    const read = (p: string) => docs[p];
    const files: Source[] = [
      {
        path: 'libs/a.ts',
        text: '// ok: docs/law.md#counting-days, docs/law.md#the-boards-measure, docs/architecture.md invariant 2',
      },
      { path: 'libs/b.ts', text: '// DESIGN.md invariant 5' },
      { path: 'libs/c.ts', text: '// statutory-reference §3.3' },
      { path: 'libs/d.ts', text: '// see docs/law.md#no-such-heading' },
      { path: 'libs/e.ts', text: '// see docs/missing.md' },
      { path: 'libs/f.ts', text: '// docs/architecture.md invariant 9' },
      { path: 'libs/h.ts', text: '// as issue #8 asked' },
      { path: 'docs/g.md', text: 'See [the law](law.md#counting-days) and [gone](gone.md).' },
    ];
    const found = brokenCitations(files, read);
    expect(found.filter((p) => p.startsWith('libs/a.ts'))).toEqual([]);
    expect(found.some((p) => p.startsWith('libs/b.ts') && p.includes('design notes'))).toBe(true);
    expect(found.some((p) => p.startsWith('libs/c.ts') && p.includes('statutory reference'))).toBe(true);
    expect(found.some((p) => p.startsWith('libs/c.ts') && p.includes('numbered sections'))).toBe(true);
    expect(found).toContain('libs/d.ts:1 cites docs/law.md#no-such-heading: no such heading');
    expect(found).toContain('libs/e.ts:1 cites docs/missing.md, which is not in the repository');
    expect(found).toContain('libs/f.ts:1 cites invariant 9 of docs/architecture.md, which has no such invariant');
    expect(found.some((p) => p.startsWith('libs/h.ts') && p.includes('tracker'))).toBe(true);
    expect(found).toEqual(expect.arrayContaining(['docs/g.md:1 cites gone.md, which is not in the repository']));
    expect(found.filter((p) => p.startsWith('docs/g.md'))).toHaveLength(1);
  });

  it("anchors are GitHub's: the board's measure → the-boards-measure", () => {
    expect(slug("The board's measure")).toBe('the-boards-measure');
    expect(slug('The statechart and XState')).toBe('the-statechart-and-xstate');
  });
});

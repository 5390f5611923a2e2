// SQL lives beside the persistence layer (docs/architecture.md#where-sql-lives): the api's services, controllers and
// helpers call typed functions of libs/persistence and hold no SQL of their own. This walks every source file of
// apps/api/src and fails on a string that is SQL, outside the command-line tools (cli/).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..');
const API = join(ROOT, 'apps/api/src');

/** Statements as this project writes them (upper-case keywords). */
const SQL =
  /\b(SELECT\s+(\S+\s*,|\d|\*|\$\{|[a-z_]+\.|DISTINCT|count\(|set_config|pg_)|INSERT INTO|UPDATE\s+[a-z_]+(\s+[a-z]+)?\s+SET|DELETE FROM|FROM\s+[a-z_]+(\s+[a-z]+)?\s+(WHERE|JOIN|LEFT|ORDER|GROUP)|LISTEN\s+|SET TRANSACTION)\b/;

/** The text of every string and template literal of a TypeScript source (comments are not literals). */
export function sqlStringsIn(source: string): string[] {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    let text: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node))
      text = [node.head.text, ...node.templateSpans.map((s) => `\${x}${s.literal.text}`)].join('');
    if (text !== null && SQL.test(text)) found.push(text.trim().slice(0, 80));
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'cli' ? [] : sourceFiles(path); // the command-line tools keep their SQL
    return /\.ts$/.test(e.name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(e.name) && !/\.generated\.ts$/.test(e.name)
      ? [path]
      : [];
  });
}

describe('SQL lives in libs/persistence, not in the api (docs/architecture.md#where-sql-lives)', () => {
  it('finds SQL in a string or template, and not in a comment or an ordinary message', () => {
    expect(sqlStringsIn('db.query(`SELECT id FROM team WHERE id = $1`, [id]);')).toHaveLength(1);
    expect(sqlStringsIn('tx.query(`SELECT ${COLUMNS} FROM case_note n WHERE n.id = $1`);')).toHaveLength(1);
    expect(sqlStringsIn("ds.query('SELECT 1');")).toHaveLength(1);
    expect(sqlStringsIn('q(`UPDATE person SET merged_into = $1 WHERE id = $2`);')).toHaveLength(1);
    expect(sqlStringsIn("q('INSERT INTO audit_event (at) VALUES ($1)');")).toHaveLength(1);
    expect(sqlStringsIn('q(`DELETE FROM oidc_login WHERE state = $1`);')).toHaveLength(1);
    expect(sqlStringsIn('// SELECT id FROM team WHERE id = $1\n/* DELETE FROM x */ const a = 1;')).toEqual([]);
    expect(sqlStringsIn("throw new Error('Select a team from the list, then update it');")).toEqual([]);
  });

  it('no api source file outside cli/ holds SQL', () => {
    const offenders = Object.fromEntries(
      sourceFiles(API)
        .map((f) => [relative(API, f), sqlStringsIn(readFileSync(f, 'utf8'))] as const)
        .filter(([, found]) => found.length),
    );
    expect(offenders).toEqual({});
  });
});

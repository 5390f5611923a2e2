#!/usr/bin/env node
// npm run openapi:responses — writes apps/api/src/common/openapi-responses.generated.ts: the JSON schema of each
// route's success response, generated from the handler's declared (or inferred) return type and the types it names
// (libs/contracts and the api's own view types). The running api has no TypeScript compiler (production installs no
// dev dependencies), so the schemas are generated here and committed; test/openapi-responses.spec.ts fails when the
// committed file is not what this script generates from the code as it is.
import ts from 'typescript';
import { writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = join(ROOT, 'apps/api/src/common/openapi-responses.generated.ts');
const HTTP = { Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE' };

function program() {
  const configPath = join(ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const controllers = parsed.fileNames.filter((f) => /apps\/api\/src\/.*\.controller\.ts$/.test(f));
  return ts.createProgram(controllers, parsed.options);
}

const decoratorsOf = (node) => (ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : []);
function decorator(node, names) {
  for (const d of decoratorsOf(node)) {
    const call = d.expression;
    if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && names.includes(call.expression.text))
      return call;
  }
  return undefined;
}
const firstString = (call) =>
  call?.arguments[0] && ts.isStringLiteralLike(call.arguments[0]) ? call.arguments[0].text : '';

/** Generates the file's text. */
export function generate() {
  const prog = program();
  const checker = prog.getTypeChecker();
  const components = {};
  const routes = {};

  function named(type) {
    const sym = type.aliasSymbol ?? type.getSymbol();
    if (
      !sym ||
      type.aliasTypeArguments?.length ||
      (type.flags & ts.TypeFlags.Object &&
        type.objectFlags & ts.ObjectFlags.Reference &&
        checker.getTypeArguments(type).length)
    )
      return undefined;
    const decl = sym.declarations?.[0];
    if (!decl || !(ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl))) return undefined;
    const file = relative(ROOT, decl.getSourceFile().fileName);
    return file.startsWith('libs/') || file.startsWith('apps/') ? sym.getName() : undefined;
  }

  function schema(type, seen = new Set()) {
    const name = named(type);
    if (name) {
      if (!(name in components)) {
        components[name] = {};
        components[name] = body(type, seen);
      }
      return { $ref: `#/components/schemas/${name}` };
    }
    return body(type, seen);
  }

  function body(type, seen) {
    const f = type.flags;
    if (f & ts.TypeFlags.Any || f & ts.TypeFlags.Unknown) return {};
    if (f & ts.TypeFlags.StringLiteral) return { type: 'string', enum: [type.value] };
    if (f & ts.TypeFlags.NumberLiteral) return { type: 'number', enum: [type.value] };
    if (f & ts.TypeFlags.BooleanLiteral) return { type: 'boolean' };
    if (f & ts.TypeFlags.String) return { type: 'string' };
    if (f & ts.TypeFlags.Number) return { type: 'number' };
    if (f & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (f & ts.TypeFlags.Null) return { type: 'null' };
    if (type.isUnion()) {
      const parts = type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
      const nullable = parts.some((t) => t.flags & ts.TypeFlags.Null);
      const rest = parts.filter((t) => !(t.flags & ts.TypeFlags.Null));
      let s;
      if (rest.every((t) => t.flags & ts.TypeFlags.StringLiteral))
        s = { type: 'string', enum: rest.map((t) => t.value) };
      else if (rest.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) s = { type: 'boolean' };
      else if (rest.length === 1) s = schema(rest[0], seen);
      else s = { anyOf: rest.map((t) => schema(t, seen)) };
      return nullable
        ? s.$ref || s.anyOf
          ? { anyOf: [...(s.anyOf ?? [s]), { type: 'null' }] }
          : { ...s, nullable: true }
        : s;
    }
    if (checker.isTupleType(type)) {
      const items = checker.getTypeArguments(type).map((t) => schema(t, seen));
      const same = items.every((i) => JSON.stringify(i) === JSON.stringify(items[0]));
      return {
        type: 'array',
        items: same ? (items[0] ?? {}) : { anyOf: items },
        minItems: items.length,
        maxItems: items.length,
      };
    }
    if (checker.isArrayType(type)) return { type: 'array', items: schema(checker.getTypeArguments(type)[0], seen) };
    if (type.getSymbol()?.getName() === 'Date') return { type: 'string', format: 'date-time' };
    if (type.isIntersection()) return { allOf: type.types.map((t) => schema(t, seen)) };
    if (f & ts.TypeFlags.Object) {
      if (seen.has(type)) return {};
      seen = new Set(seen).add(type);
      const properties = {};
      const required = [];
      for (const p of checker.getPropertiesOfType(type)) {
        const pt = checker.getTypeOfSymbol(p);
        if (pt.getCallSignatures().length) continue;
        properties[p.getName()] = schema(pt, seen);
        if (!(p.flags & ts.SymbolFlags.Optional)) required.push(p.getName());
        const doc = ts.displayPartsToString(p.getDocumentationComment(checker)).trim();
        if (doc && !properties[p.getName()].$ref) properties[p.getName()].description = doc;
      }
      const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
      const out = { type: 'object', properties };
      if (required.length) out.required = required;
      if (index) out.additionalProperties = schema(index.type, seen);
      return out;
    }
    return {};
  }

  for (const file of prog
    .getRootFileNames()
    .map((f) => prog.getSourceFile(f))
    .filter(Boolean)) {
    ts.forEachChild(file, (node) => {
      if (!ts.isClassDeclaration(node)) return;
      const ctl = decorator(node, ['Controller']);
      if (!ctl) return;
      const base = firstString(ctl);
      for (const m of node.members) {
        if (!ts.isMethodDeclaration(m)) continue;
        const verb = decorator(m, Object.keys(HTTP));
        if (!verb) continue;
        const path = `/${['api', base, firstString(verb)].filter(Boolean).join('/')}`
          .replace(/\/+/g, '/')
          .replace(/\/$/, '')
          .replace(/:(\w+)/g, '{$1}');
        const method = HTTP[verb.expression.text];
        const code = decorator(m, ['HttpCode']);
        const status =
          code && ts.isNumericLiteral(code.arguments[0])
            ? Number(code.arguments[0].text)
            : method === 'POST'
              ? 201
              : 200;
        const sig = checker.getSignatureFromDeclaration(m);
        const returned =
          checker.getAwaitedType(checker.getReturnTypeOfSignature(sig)) ?? checker.getReturnTypeOfSignature(sig);
        const empty = returned.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined);
        routes[`${method} ${path}`] = { status, schema: empty ? null : schema(returned) };
      }
    });
  }
  const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `// Generated by \`npm run openapi:responses\` (scripts/openapi-responses.mjs) from the handlers' return types; do not edit.
// test/openapi-responses.spec.ts fails when this file is not what the script generates from the code.
/* eslint-disable */
export const RESPONSE_SCHEMAS: Record<string, unknown> = ${JSON.stringify(sorted(components), null, 2)};

/** The success status and body schema of each route (null: no body). */
export const ROUTE_RESPONSES: Record<string, { status: number; schema: unknown }> = ${JSON.stringify(sorted(routes), null, 2)};
`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(OUTPUT, generate());
  console.error(`wrote ${relative(ROOT, OUTPUT)}`);
}

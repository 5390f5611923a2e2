/**
 * The api's JSON body parser. Besides parsing, it refuses — with a 400 problem, before any handler runs, so nothing
 * is stored — what JSON allows but no field of ours can hold: text with a NUL character (PostgreSQL cannot store
 * it) or a lone UTF-16 surrogate (not a character at all), and nesting deeper than any request needs (a body
 * nested 20,000 levels deep would otherwise exhaust the stack further in). Keys named __proto__ or constructor
 * are refused as Fastify's own parser does (prototype poisoning).
 */
export const MAX_JSON_DEPTH = 16;

export class BadJsonBody extends Error {
  readonly statusCode = 400;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// eslint-disable-next-line no-control-regex -- the NUL is what this refuses
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function parseJsonBody(text: string): unknown {
  // Depth is checked on the text first (linear, no recursion), so JSON.parse never builds a 20,000-level tree.
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > MAX_JSON_DEPTH)
        throw new BadJsonBody('INVALID_REQUEST', `The request body is nested more than ${MAX_JSON_DEPTH} levels deep`);
    } else if (c === 125 || c === 93) depth--;
  }
  let value: unknown;
  try {
    value = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    throw new BadJsonBody('FST_ERR_CTP_INVALID_JSON_BODY', 'The request body is not valid JSON');
  }
  if (mayHoldRefusedText(text)) check(value, '');
  return value;
}

/**
 * Whether any string or key parsed from `text` could be refused by check(): false lets a body skip the walk (most
 * bodies: a command is a few short fields). Without a \u escape, every string JSON.parse gives is the text's own
 * characters (the other escapes make quotes, slashes and whitespace), so a NUL or a lone surrogate in one would be
 * in the text too, and so would a forbidden key, letter for letter. (A surrogate at a string's edge meets a quote in
 * the text, so the text's test is never more lenient than the strings'.)
 */
const mayHoldRefusedText = (text: string): boolean =>
  text.includes('\\u') || BAD_TEXT.test(text) || FORBIDDEN_KEY_TEXT.test(text);
const FORBIDDEN_KEY_TEXT = new RegExp([...FORBIDDEN_KEYS].join('|'));

function check(v: unknown, path: string): void {
  if (typeof v === 'string') {
    if (BAD_TEXT.test(v)) {
      throw new BadJsonBody(
        'INVALID_TEXT',
        `${path || 'the body'} contains a NUL character or a broken (lone surrogate) character: send plain text`,
      );
    }
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => check(x, `${path}[${i}]`));
    return;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (FORBIDDEN_KEYS.has(k) || BAD_TEXT.test(k))
        throw new BadJsonBody('INVALID_REQUEST', 'The request body has a field name that is not allowed');
      check(x, path ? `${path}.${k}` : k);
    }
  }
}

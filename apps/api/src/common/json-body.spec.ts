import { BadJsonBody, MAX_JSON_DEPTH, parseJsonBody } from './json-body.js';

// The body parser's refusals, whichever way the text spells them: as \u escapes (what JSON.stringify writes) or as the
// characters themselves (which a body skipping the walk over its strings must still meet).
const refusal = (text: string): string | undefined => {
  try {
    parseJsonBody(text);
    return undefined;
  } catch (e) {
    if (!(e instanceof BadJsonBody)) throw e;
    return e.code;
  }
};

describe('parseJsonBody', () => {
  it('gives the value of an ordinary body, accents and emoji (surrogate pairs) included', () => {
    const body = { expectedVersion: 3, event: { type: 'NoteAdded', date: '2025-01-02', text: 'Zoë 👍 “quoted”' } };
    expect(parseJsonBody(JSON.stringify(body))).toEqual(body);
    expect(parseJsonBody('{"text":"\\ud83d\\udc4d"}')).toEqual({ text: '👍' });
    expect(parseJsonBody('  ')).toBeUndefined();
  });

  it.each([
    ['a NUL as an escape', '{"a":"x\\u0000y"}'],
    ['a lone high surrogate as an escape', '{"a":"x\\ud800y"}'],
    ['a lone low surrogate as an escape', '{"a":"x\\udc00"}'],
    ['a lone high surrogate as the character, at the end of a string', `{"a":"x\ud800"}`],
    ['a lone low surrogate as the character, at the start of a string', `{"a":"\udc00x"}`],
    ['a NUL in an array, as an escape', '{"a":["ok","\\u0000"]}'],
  ])('refuses %s (INVALID_TEXT)', (_, text) => {
    expect(refusal(text)).toBe('INVALID_TEXT');
  });

  it.each([
    ['__proto__', '{"a":{"__proto__":{"x":1}}}'],
    ['constructor', '{"constructor":{"prototype":{}}}'],
    ['prototype', '{"a":[{"prototype":1}]}'],
    ['__proto__ spelled with an escape', '{"\\u005f_proto__":{"x":1}}'],
    ['with a lone surrogate (the character)', `{"a\ud800":"x"}`],
  ])('refuses a key named %s', (_, text) => {
    expect(refusal(text)).toBe('INVALID_REQUEST');
  });

  it('accepts those words as values, and text that only looks like an escape', () => {
    expect(parseJsonBody('{"text":"the constructor of the prototype"}')).toEqual({
      text: 'the constructor of the prototype',
    });
    expect(parseJsonBody('{"text":"a backslash then u: \\\\u0000"}')).toEqual({ text: 'a backslash then u: \\u0000' });
  });

  it('refuses nesting deeper than the limit, and text that is not JSON', () => {
    expect(refusal('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1))).toBe('INVALID_REQUEST');
    expect(refusal('{"a":')).toBe('FST_ERR_CTP_INVALID_JSON_BODY');
  });
});

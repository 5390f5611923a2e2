import { LineTooLong, ndjsonLines } from './ndjson-lines.js';

async function collect(chunks: (string | Buffer)[], limit?: number) {
  const out: (string | LineTooLong)[] = [];
  async function* src() {
    for (const c of chunks) yield c;
  }
  for await (const l of ndjsonLines(src(), limit)) out.push(l);
  return out;
}

describe('NDJSON lines of an import', () => {
  it('splits on newlines across chunks, drops \\r, keeps a last line without newline', async () => {
    expect(await collect(['{"a":1}\r\n{"b"', ':2}\n', '\n{"c":3}'])).toEqual(['{"a":1}', '{"b":2}', '', '{"c":3}']);
  });

  it('keeps a multi-byte character split between chunks', async () => {
    const bytes = Buffer.from('"Zoë 🌈"\n', 'utf8');
    expect(await collect([bytes.subarray(0, 4), bytes.subarray(4, 8), bytes.subarray(8)])).toEqual(['"Zoë 🌈"']);
  });

  it('reports a line longer than the limit in its place and goes on with the next', async () => {
    const out = await collect(['x'.repeat(60), 'x'.repeat(60), '\nok\n', 'y'.repeat(101)], 100);
    expect(out[0]).toBeInstanceOf(LineTooLong);
    expect((out[0] as LineTooLong).bytes).toBe(120);
    expect(out[1]).toBe('ok');
    expect(out[2]).toBeInstanceOf(LineTooLong);
    expect((out[0] as LineTooLong).reason).toMatch(/the line is longer than the .* allowed for one case/);
  });

  it('takes linear time on one 64 MB line in 64 KB chunks (the old splitter rescanned the whole line per chunk)', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const started = process.hrtime.bigint();
    const out = await collect([...Array.from({ length: 1024 }, () => chunk), Buffer.from('\n{}\n')]);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(out.length).toBe(2);
    expect(out[0]).toBeInstanceOf(LineTooLong);
    expect(out[1]).toBe('{}');
    expect(ms).toBeLessThan(2000);
  });
});

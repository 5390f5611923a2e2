import { chunked } from './documents.service.js';

describe('chunked: a byte stream cut into fixed-size pieces (a document is stored and read one piece at a time)', () => {
  const collect = async (pieces: (string | Buffer)[], size: number) => {
    const out: string[] = [];
    for await (const c of chunked(
      (async function* () {
        yield* pieces;
      })(),
      size,
    ))
      out.push(c.toString());
    return out;
  };

  it('joins small pieces and splits large ones into exactly `size` bytes, the last piece shorter', async () => {
    expect(await collect(['ab', 'c', 'defgh', 'ij'], 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(await collect([Buffer.from('abcdefghij')], 3)).toEqual(['abc', 'def', 'ghi', 'j']);
    expect(await collect(['abcd'], 4)).toEqual(['abcd']);
    expect(await collect([], 4)).toEqual([]);
  });
});

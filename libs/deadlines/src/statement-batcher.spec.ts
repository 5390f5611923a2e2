import { StatementBatcher } from './statement-batcher.js';

/** A statement runner that records each batch and answers when told to. */
function recorder(answer: (item: number) => string = (i) => `r${i}`) {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const run = (items: number[]) => {
    batches.push(items);
    return new Promise<string[]>((resolve, reject) => {
      pending.push(() => {
        try {
          resolve(items.map(answer));
        } catch (e) {
          reject(e);
        }
      });
    });
  };
  const finishAll = async () => {
    while (pending.length) {
      pending.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { batches, run, finishAll };
}

describe('StatementBatcher (jobs running together share statements)', () => {
  it('an isolated call is sent at once, alone (no added latency)', async () => {
    const r = recorder();
    const b = new StatementBatcher(r.run);
    const p = b.call(1);
    expect(r.batches).toEqual([[1]]);
    await r.finishAll();
    expect(await p).toBe('r1');
  });

  it('calls made while a statement is in flight go out together, each answered with its own result', async () => {
    const r = recorder();
    const b = new StatementBatcher(r.run);
    const ps = [1, 2, 3, 4].map((i) => b.call(i));
    expect(r.batches).toEqual([[1]]);
    await r.finishAll();
    expect(r.batches).toEqual([[1], [2, 3, 4]]);
    expect(await Promise.all(ps)).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('respects the batch size and the statements in flight', async () => {
    const r = recorder();
    const b = new StatementBatcher(r.run, 2, 2);
    const ps = [1, 2, 3, 4, 5, 6].map((i) => b.call(i));
    expect(r.batches).toEqual([[1], [2]]);
    await r.finishAll();
    expect(r.batches).toEqual([[1], [2], [3, 4], [5, 6]]);
    expect(await Promise.all(ps)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
  });

  it('when a shared statement fails, each item is tried alone: only the bad one fails', async () => {
    const r = recorder((i) => {
      if (i === 3) throw new Error('bad item 3');
      return `r${i}`;
    });
    const b = new StatementBatcher(r.run);
    const ps = [1, 2, 3, 4].map((i) => b.call(i).then((x) => x, (e: Error) => e.message));
    await r.finishAll();
    expect(await Promise.all(ps)).toEqual(['r1', 'r2', 'bad item 3', 'r4']);
    expect(r.batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });
});

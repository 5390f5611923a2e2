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
  it('an isolated call is sent on the next microtask, alone (no timer, no added latency)', async () => {
    const r = recorder();
    const b = new StatementBatcher(r.run);
    const p = b.call(1);
    expect(r.batches).toEqual([]);
    await Promise.resolve();
    expect(r.batches).toEqual([[1]]);
    await r.finishAll();
    expect(await p).toBe('r1');
  });

  it('calls made in one turn go out together, each answered with its own result', async () => {
    const r = recorder();
    const b = new StatementBatcher(r.run);
    const ps = [1, 2, 3, 4].map((i) => b.call(i));
    await Promise.resolve();
    expect(r.batches).toEqual([[1, 2, 3, 4]]);
    await r.finishAll();
    expect(await Promise.all(ps)).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('calls made while a statement is in flight go out together in the next one', async () => {
    const r = recorder();
    const b = new StatementBatcher(r.run);
    const first = b.call(1);
    await Promise.resolve();
    const ps = [2, 3, 4].map((i) => b.call(i));
    await Promise.resolve();
    expect(r.batches).toEqual([[1]]);
    await r.finishAll();
    expect(r.batches).toEqual([[1], [2, 3, 4]]);
    expect(await Promise.all([first, ...ps])).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('respects the batch size and the statements in flight', async () => {
    const r = recorder();
    const b = new StatementBatcher(r.run, 2, 2);
    const ps = [1, 2, 3, 4, 5, 6].map((i) => b.call(i));
    await Promise.resolve();
    expect(r.batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    await r.finishAll();
    expect(r.batches).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(await Promise.all(ps)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
  });

  it('when a shared statement fails, each item is tried alone: only the bad one fails', async () => {
    const r = recorder((i) => {
      if (i === 3) throw new Error('bad item 3');
      return `r${i}`;
    });
    const b = new StatementBatcher(r.run);
    const ps = [1, 2, 3, 4].map((i) =>
      b.call(i).then(
        (x) => x,
        (e: Error) => e.message,
      ),
    );
    await Promise.resolve();
    await r.finishAll();
    expect(await Promise.all(ps)).toEqual(['r1', 'r2', 'bad item 3', 'r4']);
    expect(r.batches).toEqual([[1, 2, 3, 4], [1], [2], [3], [4]]);
  });

  it('items with the same key never share a statement: a later one goes out in the next statement, in its place', async () => {
    const r = recorder();
    // Keyed by tens: 11 and 12 are commands on one case, 21 on another.
    const b = new StatementBatcher(r.run, 100, 1, (i: number) => Math.floor(i / 10));
    const ps = [11, 12, 21, 13, 22, 31].map((i) => b.call(i));
    await Promise.resolve();
    expect(r.batches).toEqual([[11, 21, 31]]);
    await r.finishAll();
    expect(r.batches).toEqual([[11, 21, 31], [12, 22], [13]]);
    expect(await Promise.all(ps)).toEqual(['r11', 'r12', 'r21', 'r13', 'r22', 'r31']);
  });

  it('a keyed batch still stops at the batch size, and what it skipped keeps the queue order', async () => {
    const r = recorder();
    const b = new StatementBatcher(r.run, 2, 1, (i: number) => Math.floor(i / 10));
    const ps = [1, 11, 12, 21, 13, 31].map((i) => b.call(i));
    await Promise.resolve();
    await r.finishAll();
    expect(r.batches).toEqual([
      [1, 11],
      [12, 21],
      [13, 31],
    ]);
    expect(await Promise.all(ps)).toEqual(['r1', 'r11', 'r12', 'r21', 'r13', 'r31']);
  });
});

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
  /** Answers the oldest statement in flight only. */
  const finishOne = () => pending.shift()!();
  return { batches, run, finishAll, finishOne };
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

  it('with several statements in flight, an item whose key is in a running statement waits for its answer', async () => {
    const r = recorder();
    const b = new StatementBatcher(r.run, 100, 2, (i: number) => Math.floor(i / 10));
    const first = b.call(11);
    await Promise.resolve();
    expect(r.batches).toEqual([[11]]);
    // 12 shares 11's key: not in a second statement while 11's runs; 21 goes at once.
    const ps = [12, 21].map((i) => b.call(i));
    await Promise.resolve();
    expect(r.batches).toEqual([[11], [21]]);
    await r.finishAll();
    expect(r.batches).toEqual([[11], [21], [12]]);
    expect(await Promise.all([first, ...ps])).toEqual(['r11', 'r12', 'r21']);
  });

  it('with a feeder, a flush waits for the statements the feeder has in flight and takes the calls their answers make', async () => {
    const reads = recorder();
    const writes = recorder();
    const read = new StatementBatcher(reads.run);
    const write = new StatementBatcher(writes.run, 100, 1, undefined, read);
    // A job: read, then write what it read.
    const job = async (i: number) => write.call(Number((await read.call(i)).slice(1)) + 100);
    const early = job(1); // its read goes out alone…
    await Promise.resolve();
    const rest = [2, 3, 4].map(job); // …and the others' read while it runs
    await Promise.resolve();
    expect(reads.batches).toEqual([[1]]);
    reads.finishOne(); // job 1's read answers: its write waits for the read of 2-4 in flight
    await new Promise((r) => setImmediate(r));
    expect(reads.batches).toEqual([[1], [2, 3, 4]]);
    expect(writes.batches).toEqual([]);
    await reads.finishAll();
    await new Promise((r) => setImmediate(r));
    expect(writes.batches).toEqual([[101, 102, 103, 104]]);
    await writes.finishAll();
    expect(await Promise.all([early, ...rest])).toEqual(['r101', 'r102', 'r103', 'r104']);
  });

  it('a feeder holds a flush for the statements in flight at that moment only, not for later ones', async () => {
    const reads = recorder();
    const writes = recorder();
    const read = new StatementBatcher(reads.run);
    const write = new StatementBatcher(writes.run, 100, 1, undefined, read);
    void read.call(1);
    await Promise.resolve();
    const w = write.call(7);
    await Promise.resolve();
    expect(writes.batches).toEqual([]); // waiting for read [1]
    void read.call(2); // queued behind [1]: goes out when [1] answers, and the write must not wait for it
    await reads.finishAll();
    await new Promise((r) => setImmediate(r));
    expect(writes.batches).toEqual([[7]]);
    // No statement in flight in the feeder: a flush goes out on the next microtask, as without one.
    await writes.finishAll();
    expect(await w).toBe('r7');
    const x = write.call(8);
    await Promise.resolve();
    await Promise.resolve();
    expect(writes.batches).toEqual([[7], [8]]);
    await writes.finishAll();
    expect(await x).toBe('r8');
  });
});

// Runs many small calls as few statements. On a busy worker every statement costs far more than the work it asks
// for: the profile of a burst of misses showed most of the worker's CPU in the socket write that wakes PostgreSQL,
// once per statement. Calls made in the same turn of the event loop go out together, on the next microtask (no
// timer: an isolated call waits for nothing), and calls made while `maxInFlight` statements are already running wait
// and go out together in the next one, so a burst shares statements. (Sending the first call at once instead, and
// only the later ones together, made a burst of 1,000 misses ≈ 15 % slower: jobs BullMQ hands over in one turn
// then cost two statements instead of one.)

export class StatementBatcher<I, O> {
  private readonly waiting: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** With keyOf: the keys of the items in the statements running now (a second statement must not name them). */
  private readonly busyKeys = new Set<unknown>();
  /** The statements running now, each settled once its callers' continuations have run. */
  private readonly running = new Set<Promise<void>>();
  /** A flush is waiting for `feeder`'s statements in flight. */
  private holding = false;

  /**
   * @param run answers a batch of items, in order (one statement)
   * @param maxBatch most items in one statement
   * @param maxInFlight statements running at once (one: the most sharing; on 1,000 misses handled at concurrency 10,
   *   each shared statement went out ≈ 0.4 times per job with 1 in flight against ≈ 0.63 with 2, ≈ 10 % less CPU)
   * @param keyOf when given, items with the same key never share a statement, nor run in two statements at once: a
   *   later one keeps its place in the queue and goes out in a later statement, once the earlier one has answered
   *   (commands on one case: one statement bumps a case's version once, and a second one sent while the first is
   *   in flight would only wait for its lock and find the case moved on)
   * @param feeder the batcher whose answers lead to this one's calls (the worker's reads before its appends): when a
   *   flush is due while the feeder has statements in flight, it waits for those (once, not for later ones) and takes
   *   the calls their answers make too. Without it, the few jobs whose read came back first went out alone and the
   *   rest of the wave waited a whole statement for them: a burst's appends alternated between 1 item and 31.
   */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 100,
    private readonly maxInFlight = 1,
    private readonly keyOf?: (item: I) => unknown,
    private readonly feeder?: StatementBatcher<any, any>,
  ) {}

  /** Settles once the statements running now have answered and their callers have taken their answers. */
  settled(): Promise<void> | undefined {
    return this.running.size ? Promise.all([...this.running]).then(() => undefined) : undefined;
  }

  call(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(held = false): void {
    if (this.holding) return;
    if (!held && this.inFlight < this.maxInFlight && this.waiting.length) {
      const fed = this.feeder?.settled();
      if (fed) {
        this.holding = true;
        const go = () => {
          this.holding = false;
          this.pump(true);
        };
        void fed.then(go, go);
        return;
      }
    }
    while (this.inFlight < this.maxInFlight && this.waiting.length) {
      const batch = this.next();
      if (!batch.length) return; // every waiting item's key is in a statement running now: the next answer pumps again
      const keys = this.keyOf ? batch.map((b) => this.keyOf!(b.item)) : [];
      for (const k of keys) this.busyKeys.add(k);
      this.inFlight++;
      const statement: Promise<void> = this.runBatch(batch).finally(() => {
        this.inFlight--;
        this.running.delete(statement);
        for (const k of keys) this.busyKeys.delete(k);
        this.pump();
      });
      this.running.add(statement);
    }
  }

  /** Takes the next statement's items off the queue: the oldest ones, up to maxBatch, one per key, none whose key is busy. */
  private next(): typeof this.waiting {
    const keyOf = this.keyOf;
    if (!keyOf) return this.waiting.splice(0, this.maxBatch);
    const keys = new Set<unknown>();
    const batch: typeof this.waiting = [];
    const deferred: typeof this.waiting = [];
    let i = 0;
    for (; i < this.waiting.length && batch.length < this.maxBatch; i++) {
      const w = this.waiting[i]!;
      const key = keyOf(w.item);
      if (keys.has(key) || this.busyKeys.has(key)) {
        deferred.push(w);
      } else {
        keys.add(key);
        batch.push(w);
      }
    }
    this.waiting.splice(0, i, ...deferred);
    return batch;
  }

  private async runBatch(batch: typeof this.waiting): Promise<void> {
    try {
      const out = await this.run(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(out[i] as O));
    } catch (e) {
      if (batch.length === 1) {
        batch[0]!.reject(e);
        return;
      }
      // One bad item (or a statement that failed for them all) must not fail the others' jobs: each alone again.
      await Promise.all(
        batch.map(async (b) => {
          try {
            b.resolve((await this.run([b.item]))[0] as O);
          } catch (err) {
            b.reject(err);
          }
        }),
      );
    }
  }
}

import type { DataSource, QueryRunner } from 'typeorm';

/** Runs `work` in one transaction on one connection of the pool: committed if it returns, rolled back if it throws. */
export async function inTransaction<T>(ds: DataSource, work: (tx: QueryRunner) => Promise<T>): Promise<T> {
  const tx = ds.createQueryRunner();
  await tx.connect();
  await tx.startTransaction();
  try {
    const out = await work(tx);
    await tx.commitTransaction();
    return out;
  } catch (e) {
    if (tx.isTransactionActive) await tx.rollbackTransaction().catch(() => undefined);
    throw e;
  } finally {
    await tx.release();
  }
}

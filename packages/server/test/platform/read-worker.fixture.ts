import type { ReadFn } from '../../src/lib/read-worker.js';

/** Organizations of a kind in id order, `size` to a batch (a read module for read-worker.test.ts). */
export const organizationsByKind: ReadFn<{ kind: string; size: number }, { id: number; name: string }> = async (h, input, emit) => {
  let after = 0;
  for (;;) {
    const rows = await h.db
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where('kind', '=', input.kind)
      .where('id', '>', after)
      .orderBy('id')
      .limit(input.size)
      .execute();
    if (rows.length === 0) return;
    await emit(rows.map((r) => ({ id: Number(r.id), name: r.name })));
    after = Number(rows[rows.length - 1]?.id);
  }
};

export const failing: ReadFn<unknown, never> = async () => {
  throw new Error('boom');
};

/** The worker thread that ran the read (to see workers reused). */
export const whichThread: ReadFn<unknown, { threadId: number }> = async (_h, _input, emit) => {
  const { threadId } = await import('node:worker_threads');
  await emit([{ threadId }]);
};

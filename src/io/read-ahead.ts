/**
 * Reading files a few ahead of the one being worked on: the reads wait in Node's thread pool
 * while this thread works on the items before them.
 */

/**
 * Each of `items` with `read` of it, in their order, each read started when the item `ahead`
 * places before it comes (so at most `ahead` reads wait beyond the item given). A read's failure is thrown when its item comes, never as an unhandled rejection of a read
 * started ahead of one that failed first; a result is let go once given.
 */
export async function* readAhead<T, R>(items: readonly T[], ahead: number, read: (item: T) => Promise<R>): AsyncGenerator<[T, R]> {
  const reads: (Promise<R> | undefined)[] = [];
  const start = (j: number) => {
    if (j >= items.length) return;
    const pending = read(items[j]!);
    pending.catch(() => undefined);
    reads[j] = pending;
  };
  for (let j = 0; j < ahead; j++) start(j);
  for (const [i, item] of items.entries()) {
    start(i + ahead);
    const result = await reads[i]!;
    reads[i] = undefined;
    yield [item, result];
  }
}

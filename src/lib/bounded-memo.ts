/**
 * A per-isolate memo for a pure function of a string, holding at most `size` results and dropping the oldest first:
 * for work that repeats across requests on the same inputs (screening the same retrieved chunks again and again).
 */
export function boundedMemo<T>(fn: (key: string) => T, size: number): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (cache.has(key)) return cache.get(key)!;
    const value = fn(key);
    if (cache.size >= size) cache.delete(cache.keys().next().value!);
    cache.set(key, value);
    return value;
  };
}

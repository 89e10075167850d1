/**
 * Orders a multi-row statement's input by a key (its unique key), so that two transactions writing
 * the same rows at once take their row locks in the same order and cannot deadlock on each other.
 */
export const inKeyOrder =
  <T>(key: (row: T) => string) =>
  (a: T, b: T): number => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };

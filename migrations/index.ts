import { Foundation1764100000000 } from './1764100000000-Foundation';

/** Every migration, in order. Add new ones at the end. */
export const migrations = [Foundation1764100000000];

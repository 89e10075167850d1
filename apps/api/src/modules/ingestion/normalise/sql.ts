import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Runs a statement with RETURNING and gives back its rows. TypeORM answers UPDATE and DELETE with
 * `[rows, rowCount]` instead of the rows alone; this hides the difference.
 */
export async function returning<T>(tx: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await tx.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/** A raw `RETURNING *` row (snake_case columns) → the entity, through TypeORM's own column metadata. */
export function toEntity<T extends ObjectLiteral>(tx: EntityManager, target: EntityTarget<T>, raw: Record<string, unknown>): T {
  const metadata = tx.connection.getMetadata(target);
  const entity = tx.getRepository(target).create();
  for (const column of metadata.columns) {
    if (column.databaseName in raw) (entity as Record<string, unknown>)[column.propertyName] = raw[column.databaseName];
  }
  return entity;
}

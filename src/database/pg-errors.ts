import { QueryFailedError } from 'typeorm';

/** The SQLSTATE of a failed query (e.g. '23505'), or undefined for anything else. */
export function pgCode(e: unknown): string | undefined {
  return e instanceof QueryFailedError ? (e as { code?: string }).code : undefined;
}

/** The name of the constraint a failed query broke, when PostgreSQL named one. */
export function violatedConstraint(e: unknown): string | undefined {
  return e instanceof QueryFailedError ? (e as { constraint?: string }).constraint : undefined;
}

/** SQLSTATE 40001 (serialisation failure) or 40P01 (deadlock): the whole transaction may simply run again. */
export function isTransient(e: unknown): boolean {
  const code = pgCode(e);
  return code === '40001' || code === '40P01';
}

/**
 * The PostgreSQL integrity violation behind an error (through drizzle's wrapping), if any:
 * `23505` unique, `23P01` exclusion, `23503` foreign key. PGlite and `pg` report the same fields.
 */
export function integrityViolation(error: unknown): { code: string; constraint: string | undefined } | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const { code, constraint, cause } = current as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (typeof code === 'string' && code.startsWith('23'))
      return { code, constraint: typeof constraint === 'string' ? constraint : undefined };
    current = cause;
  }
  return null;
}

import type { z } from 'zod';
import { AppError } from './app-error';

/**
 * Opaque keyset cursors: the sort key of a page's last row, as base64url JSON. Every page then
 * costs one index range scan, however deep the caller pages.
 */
export function encodeCursor(position: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Reads a cursor back against the shape it must have; anything else is the caller's 400. */
export function decodeCursor<T>(schema: z.ZodType<T>, raw: string): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('validation_failed', 'query.cursor is not a cursor returned by this endpoint', {
      fieldErrors: [{ field: 'query.cursor', message: 'is not a cursor returned by this endpoint' }],
    });
  }
}

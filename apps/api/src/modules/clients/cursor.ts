import { z } from 'zod';
import { AppError } from '../../app-error';

const CursorPayloadSchema = z.tuple([z.string(), z.string(), z.uuid()]);
export type NameCursor = z.infer<typeof CursorPayloadSchema>;

/** Keyset position (last name, first name, id): every page costs one index range scan. */
export function encodeNameCursor(cursor: NameCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeNameCursor(raw: string): NameCursor {
  try {
    return CursorPayloadSchema.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('validation_failed', 'query.cursor is not a cursor returned by this endpoint', {
      fieldErrors: [{ field: 'query.cursor', message: 'is not a cursor returned by this endpoint' }],
    });
  }
}

import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../keyset-cursor';

const CursorPayloadSchema = z.tuple([z.string(), z.string(), z.uuid()]);
export type NameCursor = z.infer<typeof CursorPayloadSchema>;

/** Keyset position (last name, first name, id): every page costs one index range scan. */
export const encodeNameCursor = (cursor: NameCursor): string => encodeCursor(cursor);

export const decodeNameCursor = (raw: string): NameCursor => decodeCursor(CursorPayloadSchema, raw);

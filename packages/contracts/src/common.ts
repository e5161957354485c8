import { z } from 'zod';

export const UuidSchema = z.uuid({ message: 'must be a UUID' });

export const IdParamsSchema = z.strictObject({ id: UuidSchema });
export type IdParams = z.infer<typeof IdParamsSchema>;

/** ISO-8601 instant with an offset or Z, e.g. 2026-11-23T15:00:00Z. */
export const InstantSchema = z.iso.datetime({
  offset: true,
  message: 'must be an ISO-8601 date-time with offset',
});

/** Opaque keyset cursor: pages cost the same however deep the caller pages. */
export const CursorSchema = z
  .string()
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by a previous page');

export const LimitSchema = z.coerce.number().int().min(1).max(100).default(25);

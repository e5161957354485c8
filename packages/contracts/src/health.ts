import { z } from 'zod';

export const HealthCheckSchema = z.object({
  status: z.enum(['ok', 'fail']),
  checks: z.record(z.string(), z.enum(['ok', 'degraded', 'fail', 'skipped'])),
});
export type HealthCheck = z.infer<typeof HealthCheckSchema>;

import type { FastifyBaseLogger } from 'fastify';

/**
 * A background job on a timer: one run at a time (a slow run skips the next tick), failures
 * logged and retried on the next tick, and `stop()` waits for a run in progress so that shutdown
 * never cuts a batch in half.
 */
export function startIntervalJob(
  name: string,
  run: () => Promise<void>,
  intervalMs: number,
  logger: FastifyBaseLogger,
) {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      await run();
    } catch (error) {
      logger.error({ err: error, job: name }, 'background job failed; retrying on the next tick');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      while (busy) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

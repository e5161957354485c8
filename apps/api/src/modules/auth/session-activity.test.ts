import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { memorySessionActivity, redisSessionActivity } from './session-activity';

describe('session activity (memory)', () => {
  it('keeps a session alive while it is used and lets it idle out', async () => {
    let clock = 0;
    const activity = memorySessionActivity(() => clock);
    await activity.start('a', 60);
    await activity.start('b', 60);
    clock = 50_000;
    expect(await activity.touch('a', 60)).toBe(true); // a's window now runs to 110 s
    clock = 70_000;
    expect(await activity.alive(['a', 'b'])).toEqual(new Set(['a']));
    expect(await activity.touch('b', 60)).toBe(false);
    await activity.end(['a']);
    expect(await activity.touch('a', 60)).toBe(false);
  });
});

describe.runIf(process.env.TEST_REDIS_URL)('session activity (Redis)', () => {
  it('shares liveness through Redis and ends sessions for every instance', async () => {
    const one = new Redis(process.env.TEST_REDIS_URL!);
    const two = new Redis(process.env.TEST_REDIS_URL!);
    const a = redisSessionActivity(one);
    const b = redisSessionActivity(two);
    const id = randomUUID();
    await a.start(id, 60);
    expect(await b.touch(id, 60)).toBe(true);
    expect(await b.alive([id, randomUUID()])).toEqual(new Set([id]));
    await a.end([id]);
    expect(await b.touch(id, 60)).toBe(false);
    await one.quit();
    await two.quit();
  });
});

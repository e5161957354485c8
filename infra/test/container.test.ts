import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// No Docker engine (or Dockerfile linter) installs here: parse the instructions and check the
// rules a reviewer would check, so that a change that breaks one fails the suite.
const text = readFileSync(fileURLToPath(new URL('../../Dockerfile', import.meta.url)), 'utf8');
const instructions = text
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => {
    const [keyword = '', ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
  });
const stages = instructions.filter((i) => i.keyword === 'FROM');
const runtimeStart = instructions.lastIndexOf(stages.at(-1)!);
const runtime = instructions.slice(runtimeStart);

describe('Dockerfile', () => {
  it('builds in one stage and runs from another that holds production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const installs = runtime.filter((i) => i.keyword === 'RUN' && i.args.includes('npm ci'));
    expect(installs.length).toBe(1);
    expect(installs[0]!.args).toContain('--omit=dev');
    expect(runtime.some((i) => i.keyword === 'COPY' && i.args.includes('apps/web/dist'))).toBe(true);
    expect(runtime.some((i) => i.keyword === 'COPY' && i.args.includes('packages/db/migrations'))).toBe(true);
  });

  it('runs as the unprivileged node user (uid 1000, as the ECS task requires)', () => {
    const users = runtime.filter((i) => i.keyword === 'USER');
    expect(users.at(-1)?.args).toBe('node');
  });

  it('has a health check on the live endpoint and starts the API bundle', () => {
    expect(runtime.find((i) => i.keyword === 'HEALTHCHECK')?.args).toContain('/api/v1/health/live');
    expect(runtime.find((i) => i.keyword === 'CMD')?.args).toBe('["node", "apps/api/dist/server.js"]');
    expect(runtime.find((i) => i.keyword === 'EXPOSE')?.args).toBe('3000');
  });

  it('pins its base image and copies no secrets', () => {
    expect(text).not.toMatch(/:latest\b/);
    expect(text).toMatch(/ARG NODE_IMAGE=node:20\.\d+/);
    for (const i of instructions.filter((x) => x.keyword === 'COPY' || x.keyword === 'ADD'))
      expect(i.args, i.args).not.toMatch(/\.env\b|secrets\.json|data\//);
  });

  it('keeps dependencies, builds, data and secrets out of the build context', () => {
    const ignored = readFileSync(fileURLToPath(new URL('../../.dockerignore', import.meta.url)), 'utf8');
    for (const entry of ['**/node_modules', 'data', '.env', '.git']) expect(ignored).toContain(entry);
  });
});

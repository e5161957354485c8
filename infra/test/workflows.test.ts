import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// GitHub Actions workflows can't run here: parse them and check the properties that matter.
const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const read = (path: string) => readFileSync(root(path), 'utf8');

interface Step {
  uses?: string;
  run?: string;
  name?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  uses?: string;
  with?: Record<string, unknown>;
  environment?: string;
  services?: Record<string, unknown>;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}
const workflow = (name: string) => parse(read(`.github/workflows/${name}`)) as Workflow;
const ci = workflow('ci.yml');
const deploy = workflow('deploy.yml');
const environmentDeploy = workflow('deploy-environment.yml');
const all = [ci, deploy, environmentDeploy];
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps ?? []);
const runText = (w: Workflow) =>
  steps(w)
    .map((s) => s.run ?? '')
    .join('\n');

describe('ci.yml', () => {
  it('runs every npm command .ci/run runs, so the two cannot drift apart', () => {
    const commands = read('.ci/run')
      .split('\n')
      .map((line) => /(?:^|\s)(npm (?:ci|test|run [\w:-]+))/.exec(line.trim())?.[1])
      .filter((c): c is string => Boolean(c));
    expect(commands).toEqual(
      expect.arrayContaining(['npm ci', 'npm run lint', 'npm run typecheck', 'npm test', 'npm run test:api']),
    );
    for (const command of commands) expect(runText(ci), command).toContain(command);
  });

  it('has PostgreSQL and Redis as services and the suites pointed at them', () => {
    expect(Object.keys(ci.jobs.ci!.services ?? {}).sort()).toEqual(['postgres', 'redis']);
    const pg = steps(ci).find((s) => s.run?.includes('npm run test:api')) as Step & {
      env?: Record<string, string>;
    };
    expect(pg.env?.TEST_DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
    expect(pg.env?.TEST_REDIS_URL).toBe('redis://redis:6379');
  });

  it('can only read the repository', () => {
    expect(ci.permissions).toEqual({ contents: 'read' });
  });
});

describe('deploy workflows', () => {
  it('assume an AWS role through OIDC and hold no long-lived key', () => {
    expect(deploy.permissions['id-token']).toBe('write');
    expect(environmentDeploy.permissions['id-token']).toBe('write');
    for (const text of [
      read('.github/workflows/deploy.yml'),
      read('.github/workflows/deploy-environment.yml'),
    ]) {
      expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AKIA[0-9A-Z]{16}/);
    }
    const credentials = [...steps(deploy), ...steps(environmentDeploy)].filter((s) =>
      s.uses?.startsWith('aws-actions/configure-aws-credentials'),
    );
    expect(credentials.length).toBe(2);
    for (const s of credentials) expect(s.with?.['role-to-assume']).toBe('${{ vars.AWS_DEPLOY_ROLE_ARN }}');
  });

  it('deploys dev, then staging, then prod, each bound to its GitHub environment', () => {
    const needs = (job: string) => [deploy.jobs[job]!.needs ?? []].flat();
    expect(needs('dev')).toEqual(['image']);
    expect(needs('staging')).toContain('dev');
    expect(needs('prod')).toContain('staging');
    for (const env of ['dev', 'staging', 'prod']) {
      expect(deploy.jobs[env]!.uses).toBe('./.github/workflows/deploy-environment.yml');
      expect(deploy.jobs[env]!.with?.environment).toBe(env);
    }
    // The reusable job takes the environment, where prod's required reviewers are configured.
    expect(environmentDeploy.jobs.deploy!.environment).toBe('${{ inputs.environment }}');
  });

  it('runs the migrations on the new image before the service moves to it', () => {
    const names = (environmentDeploy.jobs.deploy!.steps ?? []).map((s) => s.run ?? '');
    const firstDeploy = names.findIndex((r) =>
      r.includes('serviceImageTag=${{ steps.current.outputs.tag }}'),
    );
    const migrate = names.findIndex((r) => r.includes('aws ecs run-task'));
    const serviceDeploy = names.findIndex((r) => r.includes('serviceImageTag=$IMAGE_TAG'));
    expect(firstDeploy).toBeGreaterThan(-1);
    expect(migrate).toBeGreaterThan(firstDeploy);
    expect(serviceDeploy).toBeGreaterThan(migrate);
    expect(names[migrate]).toContain('test "$code" = "0"');
  });
});

describe('every workflow', () => {
  it('pins each action to a version, never a moving branch', () => {
    const actions = all.flatMap((w) => steps(w)).flatMap((s) => (s.uses ? [s.uses] : []));
    expect(actions.length).toBeGreaterThan(5);
    for (const uses of actions) expect(uses, uses).toMatch(/@(v\d+(\.\d+)*|[0-9a-f]{40})$/);
  });
});

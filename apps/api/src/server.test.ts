import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));

interface Running {
  child: ChildProcess;
  output: () => string;
  baseUrl: string;
}

/** Starts the real server process (as `npm start` does, from source) and waits for it to listen. */
async function start(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: {
      ...process.env,
      MENTALSPACE_DATA_DIR: dataDir,
      PORT: '0',
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const check = () => {
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return { child, output: () => out, baseUrl };
}

/** The first sign-in step as the web app does it: CSRF token, then email and password. */
async function signInStep(baseUrl: string, email: string, password: string) {
  const csrfResponse = await fetch(`${baseUrl}/api/v1/auth/csrf`);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: `ms_csrf=${csrfToken}`,
      'x-csrf-token': csrfToken,
    },
    body: JSON.stringify({ email, password }),
  });
  return { status: response.status, body: (await response.json()) as { status?: string; code?: string } };
}

function stop(running: Running, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    running.child.removeAllListeners('exit');
    running.child.on('exit', (code) => resolve(code));
    running.child.kill(signal);
  });
}

describe('the server process', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ms-server-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts on embedded PostgreSQL with the demo practice, then reuses the same data on a second start', async () => {
    const first = await start(dataDir);
    // Nothing is reachable without signing in, in the embedded mode too.
    const anonymous = await fetch(`${first.baseUrl}/api/v1/session`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect(first.output()).toContain('LOCAL DEMO ONLY');
    expect(first.output()).toContain('owner@demo.mentalspace.local');
    expect((await stat(join(dataDir, 'secrets.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'demo-logins.txt'))).mode & 0o777).toBe(0o600);
    const password = /Password for every demo login: (\S+)/.exec(first.output())?.[1] ?? '';
    expect(await readFile(join(dataDir, 'demo-logins.txt'), 'utf8')).toContain(password);
    // The demo requires MFA: the right password leads to the enrolment step, a wrong one to 401.
    expect(await signInStep(first.baseUrl, 'owner@demo.mentalspace.local', password)).toMatchObject({
      status: 200,
      body: { status: 'mfa_enrollment_required' },
    });
    const code = await stop(first);
    expect(code).toBe(0);
    expect(first.output()).toContain('stopped');

    const second = await start(dataDir);
    expect(second.output()).not.toContain('LOCAL DEMO ONLY');
    // Same data: the password generated on the first start still signs in.
    expect(await signInStep(second.baseUrl, 'owner@demo.mentalspace.local', password)).toMatchObject({
      status: 200,
      body: { status: 'mfa_enrollment_required' },
    });
    expect(await signInStep(second.baseUrl, 'owner@demo.mentalspace.local', `${password}x`)).toMatchObject({
      status: 401,
      body: { code: 'invalid_credentials' },
    });
    expect(await stop(second)).toBe(0);
  });

  it('refuses to start in production mode without its secrets, naming what is missing', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('DATABASE_URL is required');
    expect(err).toContain('SESSION_SECRET');
  });
});

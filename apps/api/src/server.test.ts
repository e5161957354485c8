import type { Session } from '@mentalspace/contracts';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
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
    const session = (await (await fetch(`${first.baseUrl}/api/v1/session`)).json()) as Session;
    expect(session.practice.name).toContain('demo');
    expect(first.output()).toContain('LOCAL DEMO ONLY');
    expect(first.output()).toContain('owner@demo.mentalspace.local');
    expect((await stat(join(dataDir, 'secrets.json'))).mode & 0o777).toBe(0o600);
    const code = await stop(first);
    expect(code).toBe(0);
    expect(first.output()).toContain('stopped');

    const second = await start(dataDir);
    const again = (await (await fetch(`${second.baseUrl}/api/v1/session`)).json()) as Session;
    expect(again.practice.id).toBe(session.practice.id);
    expect(second.output()).not.toContain('LOCAL DEMO ONLY');
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

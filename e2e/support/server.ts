import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningServer {
  baseUrl: string;
  /** The demo staff password the server printed on its first start. */
  demoPassword: string | null;
  stop(): Promise<void>;
}

/** Starts the built server (as `npm start` runs it) on a fresh data dir and a free port. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const bundle = join(ROOT, 'apps/api/dist/server.js');
  if (!existsSync(bundle) || !existsSync(join(ROOT, 'apps/web/dist/index.html'))) {
    throw new Error('The app is not built: run `npm run build` before the e2e specs.');
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'ms-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [bundle], {
    env: { ...process.env, MENTALSPACE_DATA_DIR: dataDir, PORT: '0', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
    child.stdout?.on('data', () => {
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  // The demo logins are printed just after the listening line on a first start.
  for (let i = 0; i < 30 && !output.includes('Password for every demo login'); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl,
    demoPassword: /Password for every demo login: (\S+)/.exec(output)?.[1] ?? null,
    async stop() {
      child.removeAllListeners('exit');
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

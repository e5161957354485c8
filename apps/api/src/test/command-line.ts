import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs a command-line entry point of the API (`src/<entry>`) as `npm run …` does, on the embedded
 * database in `dataDir`, with nothing else from the test's environment.
 */
export function runCommand(entry: string, dataDir: string, args: string[] = []) {
  const file = fileURLToPath(new URL(`../${entry}`, import.meta.url));
  const result = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], {
    env: { PATH: process.env.PATH, NODE_ENV: 'development', MENTALSPACE_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

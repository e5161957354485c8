import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { anchorBody, anchorName, isChainId, parseAnchorName, type AuditAnchorStore } from './anchor-store';

/**
 * Anchors as read-only files under the data dir (`audit-anchors/<chain>/<seq>-<hash>.json`), for
 * the embedded default. They guard the chain against someone who can change the database but not
 * the server's disk; whoever owns the disk owns both, which is why production uses S3 Object Lock.
 */
export function localAnchorStore(directory: string): AuditAnchorStore {
  return {
    location: directory,
    async put(anchor) {
      const folder = join(directory, anchor.chain);
      await mkdir(folder, { recursive: true, mode: 0o700 });
      try {
        await writeFile(join(folder, anchorName(anchor)), anchorBody(anchor), { flag: 'wx', mode: 0o400 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    },
    async chains() {
      const entries = await readdir(directory, { withFileTypes: true }).catch(missingIsEmpty);
      return entries.filter((e) => e.isDirectory() && isChainId(e.name)).map((e) => e.name);
    },
    async *list(chain) {
      const names = await readdir(join(directory, chain)).catch(missingIsEmpty);
      for (const name of names.sort()) {
        const anchor = parseAnchorName(chain, name);
        if (anchor) yield anchor;
      }
    },
  };
}

function missingIsEmpty(error: NodeJS.ErrnoException): never[] {
  if (error.code === 'ENOENT') return [];
  throw error;
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCommonPasswordsFile, isCommonPassword, loadCommonPasswords } from './common-passwords';

describe('the common-password blocklist', () => {
  it('ships at least 10,000 real entries, lower-cased, most frequent first', () => {
    const list = loadCommonPasswords();
    expect(list.size).toBeGreaterThanOrEqual(10_000);
    expect([...list].slice(0, 3)).toEqual(['123456', 'password', '12345678']);
    expect(list.has('iloveyou')).toBe(true);
    expect([...list].every((p) => p === p.toLowerCase())).toBe(true);
  });

  it('finds the file through the package, as the bundled server does', () => {
    expect(defaultCommonPasswordsFile()).toMatch(
      /apps\/api\/src\/security\/password\/common-passwords\.txt$/,
    );
  });

  it('loads another list when given a path', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'blocklist-')), 'list.txt');
    writeFileSync(file, 'Alpha\nbeta\n\n');
    const list = loadCommonPasswords(file);
    expect([...list]).toEqual(['alpha', 'beta']);
    expect(isCommonPassword('ALPHA99!', list)).toBe(true);
    expect(isCommonPassword('password', list)).toBe(false);
  });

  it.each(['password', 'DRAGON', 'Password123!', 'P@ssw0rd2024', 'p@ssw0rd', '!2024iloveyou', 'Summer2024!'])(
    'sees through the disguise of %s',
    (password) => {
      expect(isCommonPassword(password)).toBe(true);
    },
  );

  it.each(['Lantern-Orchid-47!', 'correct horse battery staple', '83!#29$@x1', 'Kq7#rtWz-9mPv'])(
    'lets %s through',
    (password) => {
      expect(isCommonPassword(password)).toBe(false);
    },
  );
});

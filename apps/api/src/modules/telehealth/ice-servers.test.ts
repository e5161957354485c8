import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config';
import { iceServersFor, TURN_CREDENTIAL_SECONDS } from './ice-servers';

const SECRET = 'c0turn-static-auth-shared-value-0123456789abcdef';

describe('ICE servers for a participant', () => {
  it('offers nothing when none are configured (peers on one network use host candidates)', () => {
    expect(iceServersFor({ stunUrls: [], turn: null }, 'p1')).toEqual([]);
  });

  it('mints coturn REST credentials: `<expiry>:<participant>` signed with the shared secret', () => {
    const now = new Date('2026-11-30T10:00:00Z');
    const servers = iceServersFor(
      {
        stunUrls: ['stun:turn.example.org:3478'],
        turn: { urls: ['turns:turn.example.org:5349'], secret: SECRET },
      },
      'participant-1',
      now,
    );
    const expiry = now.getTime() / 1000 + TURN_CREDENTIAL_SECONDS;
    expect(servers).toEqual([
      { urls: ['stun:turn.example.org:3478'] },
      {
        urls: ['turns:turn.example.org:5349'],
        username: `${expiry}:participant-1`,
        credential: createHmac('sha1', SECRET).update(`${expiry}:participant-1`).digest('base64'),
      },
    ]);
  });
});

describe('telehealth configuration', () => {
  const base = { NODE_ENV: 'development' };
  it('reads STUN and TURN lists', () => {
    const config = loadConfig({
      ...base,
      TELEHEALTH_STUN_URLS: 'stun:a.example.org:3478, stun:b.example.org:3478',
      TELEHEALTH_TURN_URLS: 'turn:a.example.org:3478?transport=udp,turns:a.example.org:5349',
      TELEHEALTH_TURN_SECRET: SECRET,
    });
    expect(config.telehealth).toEqual({
      stunUrls: ['stun:a.example.org:3478', 'stun:b.example.org:3478'],
      turn: { urls: ['turn:a.example.org:3478?transport=udp', 'turns:a.example.org:5349'], secret: SECRET },
    });
  });

  it('refuses a TURN relay without its secret, and URLs of the wrong scheme', () => {
    expect(() => loadConfig({ ...base, TELEHEALTH_TURN_URLS: 'turn:a.example.org:3478' })).toThrow(
      /set together/,
    );
    expect(() => loadConfig({ ...base, TELEHEALTH_STUN_URLS: 'https://a.example.org' })).toThrow(
      /not a stun: URL/,
    );
    expect(() =>
      loadConfig({ ...base, TELEHEALTH_TURN_URLS: 'stun:a.example.org', TELEHEALTH_TURN_SECRET: SECRET }),
    ).toThrow(/not a turn/);
  });
});

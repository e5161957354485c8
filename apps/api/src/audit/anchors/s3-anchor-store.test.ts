import {
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type ListObjectsV2CommandInput,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { s3AnchorStore } from './s3-anchor-store';

const CHAIN_A = '0190a1b2-0000-7000-8000-00000000000a';
const CHAIN_B = '0190a1b2-0000-7000-8000-00000000000b';
const hash = (n: number) => n.toString(16).padStart(64, '0');

/**
 * A stand-in for an S3 bucket under Object Lock (AWS SDK mocked: S3 cannot run here): it keeps
 * objects by key, refuses to replace one (412, as S3 answers `If-None-Match: *`), and lists in
 * key order two keys a page, so that pagination is exercised.
 */
function fakeLockedBucket() {
  const objects = new Map<string, PutObjectCommandInput>();
  const s3 = mockClient(S3Client);
  s3.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
    if (objects.has(input.Key!))
      throw new S3ServiceException({
        name: 'PreconditionFailed',
        $fault: 'client',
        $metadata: { httpStatusCode: 412 },
      });
    objects.set(input.Key!, input);
    return {};
  });
  s3.on(ListObjectsV2Command).callsFake((input: ListObjectsV2CommandInput) => {
    const keys = [...objects.keys()].filter((k) => k.startsWith(input.Prefix ?? '')).sort();
    const entries = input.Delimiter
      ? [...new Set(keys.map((k) => k.slice(0, k.indexOf('/', input.Prefix!.length) + 1)))]
      : keys;
    const start = Number(input.ContinuationToken ?? 0);
    const page = entries.slice(start, start + 2);
    const more = start + 2 < entries.length;
    return {
      ...(input.Delimiter
        ? { CommonPrefixes: page.map((Prefix) => ({ Prefix })) }
        : { Contents: page.map((Key) => ({ Key })) }),
      IsTruncated: more,
      ...(more ? { NextContinuationToken: String(start + 2) } : {}),
    };
  });
  return { s3, objects };
}

let bucket: ReturnType<typeof fakeLockedBucket>;
beforeEach(() => {
  bucket = fakeLockedBucket();
});
afterEach(() => {
  bucket.s3.restore();
});

const store = () =>
  s3AnchorStore(new S3Client({ region: 'us-east-1' }), {
    bucket: 'mentalspace-prod-audit-anchors',
    prefix: 'audit-anchors/',
    retentionDays: 2190,
  });

describe('S3 Object Lock anchor store (AWS SDK mocked)', () => {
  it('writes each anchor once, locked in compliance mode for the retention period', async () => {
    const anchors = store();
    await anchors.put({ chain: CHAIN_A, seq: 7, hash: hash(7) });
    // The same link again (another instance): S3 refuses the overwrite and that is fine.
    await anchors.put({ chain: CHAIN_A, seq: 7, hash: hash(7) });

    const [input] = [...bucket.objects.values()];
    expect(bucket.objects.size).toBe(1);
    expect(input).toMatchObject({
      Bucket: 'mentalspace-prod-audit-anchors',
      Key: `audit-anchors/${CHAIN_A}/0000000000000007-${hash(7)}.json`,
      IfNoneMatch: '*',
      ObjectLockMode: 'COMPLIANCE',
      ChecksumAlgorithm: 'SHA256',
    });
    const days = (input!.ObjectLockRetainUntilDate!.valueOf() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2189);
    expect(days).toBeLessThanOrEqual(2190);
    expect(JSON.parse(input!.Body as string)).toMatchObject({ chain: CHAIN_A, seq: 7, hash: hash(7) });
  });

  it('lists chains and each chain’s anchors in link order across pages, from the keys alone', async () => {
    const anchors = store();
    for (const seq of [12, 3, 40, 9, 100]) await anchors.put({ chain: CHAIN_A, seq, hash: hash(seq) });
    await anchors.put({ chain: CHAIN_B, seq: 1, hash: hash(1) });
    // Something else in the bucket under the prefix is not an anchor.
    bucket.objects.set('audit-anchors/README.txt', {} as PutObjectCommandInput);
    bucket.objects.set(`audit-anchors/${CHAIN_B}/notes.txt`, {} as PutObjectCommandInput);

    expect((await anchors.chains()).sort()).toEqual([CHAIN_A, CHAIN_B]);
    const listed = [];
    for await (const a of anchors.list(CHAIN_A)) listed.push(a.seq);
    expect(listed).toEqual([3, 9, 12, 40, 100]);
    const b = [];
    for await (const a of anchors.list(CHAIN_B)) b.push(a);
    expect(b).toEqual([{ chain: CHAIN_B, seq: 1, hash: hash(1) }]);
  });

  it('passes on any other failure, so the job retries', async () => {
    bucket.s3.on(PutObjectCommand).rejects(
      new S3ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    await expect(store().put({ chain: CHAIN_A, seq: 1, hash: hash(1) })).rejects.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { keyBucket as sdkBucket } from '../../sdk/src/report/key-bucket.js';
import { KEY_BUCKETS, keyBucket as serverBucket } from '../src/stats/key-buckets.js';

/**
 * An edge summary carries heavy-key sums per bucket, computed by the SDK; raw outcomes are put in
 * buckets by the server. Both must agree on every key, or summarised and raw outcomes of one key
 * would land in different buckets and the cluster-robust variance would split that key in two.
 */
describe('key buckets', () => {
  it('are the same in the SDK and the server, for every kind of key', () => {
    const keys = [
      '',
      'user-1',
      'acct_9f3c',
      'Ünïcödé-ключ',
      '😀 emoji',
      'x'.repeat(500),
      ...Array.from({ length: 2000 }, (_, i) => `k${i}`),
    ];
    const buckets = keys.map((k) => [sdkBucket(k), serverBucket(k)]);
    expect(buckets.filter(([a, b]) => a !== b)).toEqual([]);
    // The keys spread over every bucket (a constant hash would also agree).
    expect(new Set(buckets.map(([a]) => a)).size).toBe(KEY_BUCKETS);
  });
});

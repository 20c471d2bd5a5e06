import type { Request } from 'express';
import { apiKeyBucket, keyBucket } from '../../../src/middleware/api-key-auth';

/** Just what apiKeyBucket reads of a request: its Authorization header. */
function requestWith(headers: { authorization?: string }): Request {
  return { get: (name: string) => headers[name.toLowerCase() as 'authorization'] } as unknown as Request;
}

describe('apiKeyBucket', () => {
  it('when a request presents a key, then its bucket is the one keyBucket names for that key', () => {
    const req = requestWith({ authorization: 'Bearer key-one-0000000000000000000001' });

    expect(apiKeyBucket(req)).toBe(keyBucket('key-one-0000000000000000000001'));
    expect(apiKeyBucket(req)).toMatch(/^key:[0-9a-f]{16}$/);
  });

  it('when the header changes on the same request, then the bucket follows the new key, not a remembered one', () => {
    const headers: { authorization?: string } = { authorization: 'Bearer key-one-0000000000000000000001' };
    const req = requestWith(headers);
    const first = apiKeyBucket(req);

    headers.authorization = 'Bearer key-two-0000000000000000000002';
    const second = apiKeyBucket(req);
    delete headers.authorization;

    expect(second).toBe(keyBucket('key-two-0000000000000000000002'));
    expect(second).not.toBe(first);
    expect(apiKeyBucket(req)).toBeUndefined();
  });
});

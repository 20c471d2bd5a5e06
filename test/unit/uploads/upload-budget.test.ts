import { createUploadBudget } from '../../../src/services/staging';
import { reservationFor } from '../../../src/controllers/upload-admission';
import { MULTIPART_SLACK_BYTES } from '../../../src/controllers/attachments-multipart';

describe('upload budget', () => {
  it('when reservations would pass the limit, then the one that does not fit is refused until another is released', () => {
    const budget = createUploadBudget(100);
    const first = budget.tryReserve(60);
    expect(first).toBeDefined();
    expect(budget.tryReserve(41)).toBeUndefined();
    const second = budget.tryReserve(40);
    expect(budget.reservedBytes).toBe(100);
    first!.release();
    expect(budget.reservedBytes).toBe(40);
    expect(budget.tryReserve(60)).toBeDefined();
    second!.release();
    expect(budget.reservedBytes).toBe(60);
  });

  it('when a lease is released twice, then its bytes come back once', () => {
    const budget = createUploadBudget(100);
    const lease = budget.tryReserve(30)!;
    budget.tryReserve(20);
    lease.release();
    lease.release();
    expect(budget.reservedBytes).toBe(20);
  });

  it('when the response closes while the pipeline still holds the bytes, then they stay reserved until it lets go', () => {
    const budget = createUploadBudget(100);
    const lease = budget.tryReserve(70)!;
    const letGo = lease.hold();
    lease.release();
    expect(budget.reservedBytes).toBe(70);
    letGo();
    letGo();
    expect(budget.reservedBytes).toBe(0);
    // A hold taken after the lease was returned reserves nothing.
    lease.hold()();
    expect(budget.reservedBytes).toBe(0);
  });

  it('when nothing or a negative size is asked for, then nothing is reserved', () => {
    const budget = createUploadBudget(100);
    expect(budget.tryReserve(0)).toBeUndefined();
    expect(budget.tryReserve(-5)).toBeUndefined();
    expect(budget.reservedBytes).toBe(0);
  });

  it('when a body has no usable Content-Length, then the largest allowed body is reserved', () => {
    expect(reservationFor('1234', 1000)).toBe(1234);
    expect(reservationFor(undefined, 1000)).toBe(1000 + MULTIPART_SLACK_BYTES);
    expect(reservationFor('abc', 1000)).toBe(1000 + MULTIPART_SLACK_BYTES);
    expect(reservationFor('0', 1000)).toBe(1000 + MULTIPART_SLACK_BYTES);
  });
});

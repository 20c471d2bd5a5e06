import { toAppError } from '../../../src/errors';
import { assertFacilityAllowed, isFacilityAllowed } from '../../../src/services/facilities';

const config = { medtech: { facilityIds: ['F2N060-E', 'F99669-C'] } };

describe('facility policy', () => {
  it('when the facility is in MEDTECH_FACILITY_IDS, then it is allowed and the assertion passes', () => {
    expect(isFacilityAllowed(config, 'F99669-C')).toBe(true);
    expect(() => assertFacilityAllowed(config, 'F99669-C')).not.toThrow();
  });

  it.each(['F00000-X', 'f2n060-e', '', 'F2N060-E '])(
    'when the facility is %j, then it is refused with 403 FACILITY_NOT_ALLOWED',
    (facilityId) => {
      expect(isFacilityAllowed(config, facilityId)).toBe(false);
      let caught: unknown;
      try {
        assertFacilityAllowed(config, facilityId);
      } catch (error) {
        caught = error;
      }
      expect(toAppError(caught)).toMatchObject({ code: 'FACILITY_NOT_ALLOWED', status: 403 });
    },
  );
});

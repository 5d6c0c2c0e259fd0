import { floorBreach } from './allocation-floor';

describe('floorBreach: the pagu of a source never below what is approved or spent on it', () => {
  it('lets a source go down to the approved total, not below it, and names both figures', () => {
    expect(floorBreach('APBD', 1_000, { approved: 1_000, spent: 400 })).toBeNull();
    expect(floorBreach('APBD', 5_000, { approved: 1_000, spent: 400 })).toBeNull();
    expect(floorBreach('APBD', 999, { approved: 1_000, spent: 400 })).toEqual({ source: 'APBD', requested: 999, approved: 1_000, spent: 400 });
    expect(floorBreach('APBD', 200, { approved: 1_000, spent: 269_600_001 })).toEqual({ source: 'APBD', requested: 200, approved: 1_000, spent: 269_600_001 });
  });

  it('leaves a source nothing draws on free', () => {
    expect(floorBreach('SILPA', 0, undefined)).toBeNull();
    expect(floorBreach('SILPA', 0, { approved: 0, spent: 0 })).toBeNull();
  });
});

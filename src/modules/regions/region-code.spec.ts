import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ancestorsOf, isRegionCode, IsRegionCode, isWithin, levelOfCode, parentOfCode } from './region-code';

describe('region codes', () => {
  it.each([
    ['35', 'provinsi'],
    ['35.73', 'kabkota'],
    ['35.73.01', 'kecamatan'],
    ['35.73.01.1001', 'kelurahan'],
    ['35.73.01.2001', null],
    ['35.7', null],
    ['35.73.01.1001.1', null],
    ['3a.73', null],
  ])('%s is %s', (code, level) => expect(levelOfCode(code)).toBe(level));

  it('walks up the tree', () => {
    expect(parentOfCode('35.73.01.1001')).toBe('35.73.01');
    expect(parentOfCode('35')).toBeNull();
    expect(ancestorsOf('35.73.01.1001')).toEqual(['35.73.01.1001', '35.73.01', '35.73', '35']);
  });

  it('tests scope by dotted prefix, not by string prefix', () => {
    expect(isWithin('35.73.01.1001', '35.73')).toBe(true);
    expect(isWithin('35.73', '35.73')).toBe(true);
    expect(isWithin('35.731', '35.73')).toBe(false);
    expect(isWithin('35.71.01', '35.73')).toBe(false);
  });
});

describe('isRegionCode, the one region-code validator', () => {
  it('accepts a code of the levels asked for, any level when none is', () => {
    expect(isRegionCode('35.73.01.1001', 'kelurahan')).toBe(true);
    expect(isRegionCode('35.73.01', 'kelurahan')).toBe(false);
    expect(isRegionCode('35.73.01', 'kecamatan', 'kelurahan')).toBe(true);
    expect(isRegionCode('35')).toBe(true);
    expect(isRegionCode('35.73', 'kabkota')).toBe(true);
  });

  it('never takes a desa code for a kelurahan, nor any malformed code', () => {
    expect(isRegionCode('35.73.01.2001', 'kelurahan')).toBe(false);
    expect(isRegionCode('35.73.01.2001')).toBe(false);
    for (const bad of ['', '35.7', '35.73.01.1001 ', '35.73.01.1001.1', 35, null]) expect(isRegionCode(bad)).toBe(false);
  });

  class Dto {
    @IsRegionCode('kelurahan')
    kelurahanCode!: string;

    @IsRegionCode()
    region!: string;
  }

  it('is the same rule as a DTO decorator, with a message naming field and example', () => {
    expect(validateSync(plainToInstance(Dto, { kelurahanCode: '35.73.01.1001', region: '35.73' }))).toEqual([]);
    const errors = validateSync(plainToInstance(Dto, { kelurahanCode: '35.73.01.2001', region: '35.7' }));
    expect(Object.fromEntries(errors.map((e) => [e.property, e.constraints]))).toEqual({
      kelurahanCode: { isRegionCode: 'kelurahanCode harus kode kelurahan, mis. 35.73.01.1001' },
      region: { isRegionCode: 'region harus kode wilayah Kemendagri, mis. 35.73.01' },
    });
  });
});

import { ancestorsOf, isWithin, levelOfCode, parentOfCode } from './region-code';

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

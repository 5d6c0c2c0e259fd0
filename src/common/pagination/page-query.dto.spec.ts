import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { MAX_PAGE, PageQueryDto, pageOf } from './page-query.dto';

const problems = (q: Record<string, string>) =>
  validateSync(plainToInstance(PageQueryDto, q)).map((e) => [e.property, Object.keys(e.constraints ?? {})]);

describe('PageQueryDto and pageOf', () => {
  it('defaults to page 1 of 50 and computes the offset', () => {
    expect(pageOf({})).toEqual({ limit: 50, offset: 0 });
    expect(pageOf({ page: 3, pageSize: 20 })).toEqual({ limit: 20, offset: 40 });
  });

  it('accepts whole pages up to MAX_PAGE and page sizes up to 500', () => {
    expect(problems({ page: '2', pageSize: '500' })).toEqual([]);
    expect(problems({ page: String(MAX_PAGE) })).toEqual([]);
    expect(pageOf({ page: MAX_PAGE, pageSize: 500 }).offset).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a page that only JavaScript calls an integer (1e300), and other out-of-range values', () => {
    expect(problems({ page: '1e300' })).toEqual([['page', ['max']]]);
    expect(problems({ page: '0' })).toEqual([['page', ['min']]]);
    expect(problems({ page: '1.5' })).toEqual([['page', ['isInt']]]);
    expect(problems({ pageSize: '501' })).toEqual([['pageSize', ['max']]]);
  });
});

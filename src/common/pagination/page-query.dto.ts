import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
// Far beyond any list this system holds, and small enough that page × pageSize stays an exact SQL OFFSET:
// `?page=1e300` is an integer to JavaScript, and must be a 400 naming `page`, not a 500 from PostgreSQL.
export const MAX_PAGE = 1_000_000;

/** `page` from 1 and `pageSize` (default 50, at most 500), as every list in the contract takes. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page harus berupa bilangan bulat' })
  @Min(1, { message: 'page minimal 1' })
  @Max(MAX_PAGE, { message: `page paling banyak ${MAX_PAGE}` })
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize harus berupa bilangan bulat' })
  @Min(1, { message: 'pageSize minimal 1' })
  @Max(MAX_PAGE_SIZE, { message: `pageSize paling banyak ${MAX_PAGE_SIZE}` })
  pageSize?: number;
}

/** LIMIT and OFFSET of a page query; the one place that knows the defaults. */
export function pageOf(q: { page?: number; pageSize?: number }): { limit: number; offset: number } {
  const limit = q.pageSize ?? DEFAULT_PAGE_SIZE;
  return { limit, offset: ((q.page ?? 1) - 1) * limit };
}

/** One page of a list: the rows asked for and how many there are in all. */
export interface Page<T> {
  items: T[];
  total: number;
}

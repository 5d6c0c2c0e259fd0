import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { isISO8601, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { IsRegionCode } from '../regions/region-code';

// A calendar date (read in WIB) or a full timestamp with its offset; strict, so 2026-02-30 is refused.
const DATE_OR_TIMESTAMP = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const IsDateOrTimestamp = (field: string) =>
  ValidateBy({
    name: 'isDateOrTimestamp',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && DATE_OR_TIMESTAMP.test(v) && isISO8601(v, { strict: true }),
      defaultMessage: () => `${field} harus berupa tanggal YYYY-MM-DD (atau waktu ISO 8601 dengan zona waktu) yang valid`,
    },
  });

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '35.73.01', description: 'kode wilayah: peristiwa di wilayah ini dan di bawahnya' })
  @IsOptional()
  @IsRegionCode()
  region?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'sejak tanggal ini (WIB), termasuk' })
  @IsOptional()
  @IsDateOrTimestamp('from')
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'sampai tanggal ini (WIB), termasuk' })
  @IsOptional()
  @IsDateOrTimestamp('to')
  to?: string;

  @ApiPropertyOptional({ example: 'plan' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entity?: string;

  @ApiPropertyOptional({ example: 'plan.submit' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ description: 'id entitas (bersama entity)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  entityId?: string;
}

export class AuditEventDto {
  @ApiProperty() seq: number;
  @ApiProperty({ example: '2026-03-01T02:15:00.123Z' }) at: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ description: "nama pengguna, atau 'sistem'" }) actor: string;
  @ApiProperty({ nullable: true, type: String }) role: string | null;
  @ApiProperty() action: string;
  @ApiProperty() entity: string;
  @ApiProperty({ nullable: true, type: String }) entityId: string | null;
  @ApiProperty({ nullable: true, type: String }) regionCode: string | null;
  @ApiProperty({ nullable: true, type: Object }) before: unknown;
  @ApiProperty({ nullable: true, type: Object }) after: unknown;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items: AuditEventDto[];
  @ApiProperty() total: number;
}

export class AuditVerifyDto {
  @ApiProperty() valid: boolean;
  @ApiProperty({ description: 'jumlah peristiwa dalam rantai' }) events: number;
  @ApiProperty({ description: 'hash peristiwa terakhir (64 nol bila rantai kosong)' }) head: string;
  @ApiPropertyOptional({ description: 'seq pertama yang rusak (hanya bila tidak valid)' }) brokenAt?: number;
  @ApiPropertyOptional({ enum: ['SEQ_GAP', 'PREV_HASH_MISMATCH', 'HASH_MISMATCH'] }) problem?: string;
}

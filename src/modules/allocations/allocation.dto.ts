import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsRupiah } from '../../common/money/is-rupiah.decorator';
import { FUNDING_SOURCES } from '../reference/taxonomy';
import { IsRegionCode } from '../regions/region-code';
import { PageQueryDto } from '../../common/pagination/page-query.dto';

const SOURCE_CODES = FUNDING_SOURCES.map((f) => f.code);
const SOURCE_MESSAGE = `source harus salah satu dari ${SOURCE_CODES.join(', ')}`;

export class SetAllocationDto {
  @ApiProperty({ example: 1000000000, description: 'pagu dalam rupiah utuh' })
  @IsRupiah()
  amount: number;

  @ApiPropertyOptional({ enum: SOURCE_CODES, default: 'APBD' })
  @IsOptional()
  @IsIn(SOURCE_CODES, { message: SOURCE_MESSAGE })
  source?: string;

  @ApiPropertyOptional({ example: 'Perwali No. 12 Tahun 2026' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class BulkAllocationDto extends SetAllocationDto {
  @ApiProperty({ example: '35.73.01', description: 'kab/kota, kecamatan atau kelurahan; semua kelurahan di bawahnya' })
  @IsString()
  @IsRegionCode()
  regionCode: string;
}

export class AllocationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '35.73.01' })
  @IsOptional()
  @IsString()
  @IsRegionCode()
  region?: string;
}

export class AllocationDto {
  @ApiProperty() year: number;
  @ApiProperty() kelurahanCode: string;
  @ApiProperty() kelurahanName: string;
  @ApiProperty() amount: number;
  @ApiProperty() source: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ nullable: true, type: String }) updatedBy: string | null;
}

export class AllocationListDto {
  @ApiProperty({ type: [AllocationDto] }) items: AllocationDto[];
  @ApiProperty() total: number;
  @ApiProperty({ description: 'jumlah pagu seluruh hasil (semua halaman)' }) totalAmount: number;
}

export class BulkAllocationResultDto {
  @ApiProperty() year: number;
  @ApiProperty() regionCode: string;
  @ApiProperty({ description: 'kelurahan di bawah wilayah' }) kelurahan: number;
  @ApiProperty({ description: 'pagu baru' }) created: number;
  @ApiProperty({ description: 'pagu yang berubah' }) updated: number;
  @ApiProperty({ description: 'pagu yang sudah sama' }) unchanged: number;
}

export class AllocationHistoryItemDto {
  @ApiProperty() id: number;
  @ApiProperty({ nullable: true, type: Number }) oldAmount: number | null;
  @ApiProperty() newAmount: number;
  @ApiProperty({ nullable: true, type: String }) oldSource: string | null;
  @ApiProperty() newSource: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true }) changedBy: { id: string; username: string; fullName: string } | null;
  @ApiProperty() changedAt: string;
}

export class AllocationHistoryDto {
  @ApiProperty({ type: [AllocationHistoryItemDto] }) items: AllocationHistoryItemDto[];
  @ApiProperty() total: number;
}

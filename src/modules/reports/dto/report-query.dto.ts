import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsFiscalYear } from '../../../common/period/fiscal-year';
import { PERIODS, type Period } from '../../../common/period/period';

export class ReportQueryDto {
  @ApiPropertyOptional({
    example: '35.73.01',
    description: 'kode wilayah (provinsi, kab/kota, kecamatan atau kelurahan); tanpa kode: wilayah pengguna (nasional untuk admin nasional)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  region?: string;

  @ApiProperty({ example: 2026, description: 'tahun anggaran' })
  @Type(() => Number)
  @IsInt({ message: 'year harus tahun anggaran berupa bilangan bulat, mis. 2026' })
  @IsFiscalYear()
  year: number;

  @ApiPropertyOptional({ enum: PERIODS, default: 'FY', description: 'Q1..Q4 triwulan, S1/S2 semester, FY setahun, M01..M12 bulan' })
  @IsOptional()
  @IsIn(PERIODS, { message: `period harus salah satu dari ${PERIODS.join(', ')}` })
  period?: Period;
}

export class PlanPdfQueryDto {
  @ApiPropertyOptional({ example: 1, description: 'versi rencana; bawaan: versi terbaru' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'version harus bilangan bulat' })
  @Min(1, { message: 'version minimal 1' })
  @Max(1000, { message: 'version terlalu besar' })
  version?: number;
}

class SummaryFiguresDto {
  @ApiProperty({ description: 'pagu (rupiah)' }) allocation: number;
  @ApiProperty({ description: 'anggaran versi yang berlaku (rupiah)' }) planned: number;
  @ApiProperty({ description: 'realisasi kumulatif s.d. akhir periode' }) realized: number;
  @ApiProperty({ description: 'realisasi dalam periode' }) realizedInPeriod: number;
  @ApiProperty({ description: 'realisasi sebelum periode' }) realizedBefore: number;
  @ApiProperty({ description: 'planned − realized' }) remaining: number;
  @ApiProperty({ description: 'realized / planned × 100, dua desimal' }) absorption: number;
}

class SummaryCategoryDto {
  @ApiProperty({ enum: ['sarpras', 'pemberdayaan'] }) category: string;
  @ApiProperty() planned: number;
  @ApiProperty() realized: number;
  @ApiProperty() realizedInPeriod: number;
  @ApiProperty() realizedBefore: number;
  @ApiProperty() remaining: number;
  @ApiProperty() absorption: number;
}

class SummaryChildDto extends SummaryFiguresDto {
  @ApiProperty({ description: 'kode wilayah; untuk baris rencana: kode rekening' }) code: string;
  @ApiProperty({ description: 'nama wilayah; untuk baris rencana: uraian' }) name: string;
  @ApiPropertyOptional() level?: string;
  @ApiPropertyOptional({ description: 'baris rencana (laporan kelurahan)' }) lineId?: string;
  @ApiPropertyOptional() accountCode?: string;
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional({ enum: ['sarpras', 'pemberdayaan'] }) category?: string;
  @ApiPropertyOptional() subType?: string;
  @ApiPropertyOptional() volume?: number;
  @ApiPropertyOptional() unit?: string;
}

class SummaryRegionDto {
  @ApiProperty({ nullable: true, type: String }) code: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['nasional', 'provinsi', 'kabkota', 'kecamatan', 'kelurahan'] }) level: string;
}

export class ReportSummaryDto {
  @ApiProperty({ type: SummaryRegionDto }) region: SummaryRegionDto;
  @ApiProperty() year: number;
  @ApiProperty({ enum: PERIODS }) period: string;
  @ApiProperty({ enum: ['provinsi', 'kabkota', 'kecamatan', 'kelurahan', 'line'] }) childLevel: string;
  @ApiProperty({ type: SummaryFiguresDto }) totals: SummaryFiguresDto;
  @ApiProperty({ type: [SummaryCategoryDto] }) byCategory: SummaryCategoryDto[];
  @ApiProperty({ type: [SummaryChildDto] }) children: SummaryChildDto[];
}

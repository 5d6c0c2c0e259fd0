import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { IsFiscalYear } from '../../common/period/fiscal-year';
import { IsRegionCode } from '../regions/region-code';
import { IsCalendarDate } from '../spending/spending-date';
import { FLAG_KINDS, type FlagKind } from './flags-config';
import { FLAG_STATUSES, type FlagStatus } from './flags.service';

const NOT_BLANK = /\S/;

export class FlagScopeQueryDto {
  @ApiPropertyOptional({ example: '35.73', description: 'kode wilayah (provinsi, kab/kota, kecamatan atau kelurahan); bawaan: wilayah pengguna' })
  @IsOptional()
  @IsRegionCode([], { message: 'region harus kode wilayah Kemendagri, mis. 35.73' })
  region?: string;

  @ApiPropertyOptional({ example: 2026, description: 'tahun anggaran; bawaan: tahun berjalan' })
  @IsOptional()
  @Type(() => Number)
  @IsFiscalYear()
  year?: number;

  @ApiPropertyOptional({ example: '2026-07-31', description: 'tanggal acuan penyerapan; bawaan: hari ini (akhir tahun untuk tahun yang telah lewat)' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class FlagListQueryDto extends IntersectionType(FlagScopeQueryDto, PageQueryDto) {
  @ApiPropertyOptional({ enum: FLAG_KINDS })
  @IsOptional()
  @IsIn(FLAG_KINDS, { message: `kind harus salah satu dari ${FLAG_KINDS.join(', ')}` })
  kind?: FlagKind;

  @ApiPropertyOptional({ enum: FLAG_STATUSES })
  @IsOptional()
  @IsIn(FLAG_STATUSES, { message: `status harus salah satu dari ${FLAG_STATUSES.join(', ')}` })
  status?: FlagStatus;
}

export class AbsorptionQueryDto extends FlagScopeQueryDto {
  @ApiPropertyOptional({ description: 'true: hanya yang tertinggal' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'atRisk harus true atau false' })
  atRisk?: boolean;
}

export class ResolveFlagDto {
  @ApiProperty({ example: 'Sudah diklarifikasi: harga sesuai survei pasar, dokumen terlampir' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'note wajib diisi' })
  @MaxLength(2000)
  note: string;
}

export class ExplainFlagDto {
  @ApiProperty({ example: 'Harga mengikuti penawaran terendah dari tiga penyedia; lokasi terpencil' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason wajib diisi' })
  @MaxLength(2000)
  reason: string;
}

export class StandardPriceImportQueryDto {
  @ApiProperty({ example: '35.73' })
  @IsRegionCode('kabkota', { message: 'kabkota harus kode kab/kota, mis. 35.73' })
  kabkota: string;

  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsFiscalYear('plan')
  year: number;
}

export class FlagDto {
  @ApiProperty({ example: '35.73.01.1001-2026-9f2ca1b3c4d5e6f7' }) id: string;
  @ApiProperty({ enum: FLAG_KINDS }) kind: string;
  @ApiProperty({ example: '35.73.01.1001' }) regionCode: string;
  @ApiProperty() year: number;
  @ApiPropertyOptional({ format: 'uuid' }) planId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) planLineId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) spendingId?: string;
  @ApiProperty() message: string;
  @ApiProperty({ enum: FLAG_STATUSES }) status: string;
  @ApiProperty({ description: 'angka dan rujukan di balik peringatan (median, MAD, batas, entri terkait …)' }) details: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: String }) resolutionNote: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedAt: string | null;
}

export class FlagPageDto {
  @ApiProperty({ type: [FlagDto] }) items: FlagDto[];
  @ApiProperty() total: number;
}

export class RiskPartDto {
  @ApiProperty({ enum: ['openFlags', 'absorptionLag', 'missingEvidence', 'lateMonthClose'] }) part: string;
  @ApiProperty({ example: 2.5 }) points: number;
  @ApiProperty({ example: '5 dari 12 pembayaran tanpa bukti wajib (NOTA 5) × 0,5 = 2,5' }) explanation: string;
  @ApiProperty({ description: 'false bila datanya belum ada (tanpa rencana berlaku, tanpa pembayaran, buku kas belum dipakai)' }) available: boolean;
}

export class RiskRowDto {
  @ApiProperty() rank: number;
  @ApiProperty({ example: '35.73.01.1001' }) kelurahanCode: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ example: 9.5 }) score: number;
  @ApiProperty({ type: [RiskPartDto] }) parts: RiskPartDto[];
  @ApiProperty({ description: 'jumlah peringatan terbuka per jenis' }) openFlags: Record<string, number>;
}

export class AbsorptionTahapDto {
  @ApiProperty({ example: 'Tahap II' }) name: string;
  @ApiProperty({ description: 'bulan jatuh tempo syarat tahap (1–12)', example: 6 }) dueMonth: number;
  @ApiProperty({ description: 'realisasi yang disyaratkan pada bulan itu (rupiah)' }) required: number;
  @ApiProperty({ description: 'realisasi sampai bulan itu (rupiah)' }) realised: number;
}

export class AbsorptionMonthPlanDto {
  @ApiProperty({ description: 'rencana garis lurus sampai akhir bulan penuh terakhir (1–12)', example: 10 }) throughMonth: number;
  @ApiProperty({ description: 'rencana sampai bulan itu (rupiah)' }) planned: number;
  @ApiProperty({ description: 'bagian rencana yang disyaratkan (rupiah)' }) required: number;
  @ApiProperty({ description: 'realisasi sampai bulan itu (rupiah)' }) realised: number;
}

export class AbsorptionCheckDto {
  @ApiProperty({ example: '35.73.01.1001' }) kelurahanCode: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ description: 'anggaran rencana yang berlaku (rupiah)' }) budget: number;
  @ApiProperty({ description: 'realisasi sampai tanggal periksa (rupiah)' }) realised: number;
  @ApiProperty({ type: AbsorptionTahapDto, nullable: true, description: 'tahap yang syaratnya jatuh tempo, bila ada' }) tahap: AbsorptionTahapDto | null;
  @ApiProperty({ type: AbsorptionMonthPlanDto, nullable: true }) monthPlan: AbsorptionMonthPlanDto | null;
  @ApiProperty({ description: 'tertinggal dari jadwal tahap atau rencana bulanan' }) atRisk: boolean;
  @ApiProperty({ description: 'ketertinggalan terbesar, dalam poin persentase anggaran (0 bila sesuai jadwal)', example: 12.5 }) lagPoints: number;
}

export class StandardPriceImportResultDto {
  @ApiProperty({ example: '35.73' }) kabkota: string;
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ description: 'baris standar harga yang dimuat' }) items: number;
  @ApiProperty({ description: 'di antaranya batas tertinggi' }) ceilings: number;
  @ApiProperty({ description: 'di antaranya perkiraan' }) estimates: number;
  @ApiProperty({ description: 'baris daftar sebelumnya yang diganti' }) replaced: number;
}

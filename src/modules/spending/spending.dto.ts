import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { IsFiscalYear } from '../../common/period/fiscal-year';
import { PAYMENT_METHODS } from '../books/cash-postings';
import { TAX_TYPES } from '../books/tax/tax-rules';
import { IsRegionCode } from '../regions/region-code';
import { IsDecimal } from '../../common/money/is-decimal.decorator';
import { IsRupiah } from '../../common/money/is-rupiah.decorator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { IsCalendarDate } from './spending-date';

const NOT_BLANK = /\S/;

export class TaxLineInputDto {
  @ApiProperty({ enum: TAX_TYPES })
  @IsIn(TAX_TYPES as unknown as string[], { message: `type harus salah satu dari ${TAX_TYPES.join(', ')}` })
  type: (typeof TAX_TYPES)[number];

  @ApiProperty({ example: 10000000, description: 'dasar pengenaan pajak (DPP), rupiah utuh' })
  @IsRupiah({ allowZero: true })
  base: number;

  @ApiProperty({ example: 1.5, description: 'tarif dalam persen (paling banyak 4 desimal)' })
  @IsDecimal(4, { message: 'rate harus angka persen dengan paling banyak 4 desimal' })
  @Min(0, { message: 'rate tidak boleh negatif' })
  @Max(100, { message: 'rate paling besar 100' })
  rate: number;

  @ApiProperty({ example: 150000, description: 'jumlah pajak = DPP × tarif, dibulatkan ke bawah' })
  @IsRupiah({ allowZero: true })
  amount: number;

  @ApiPropertyOptional({ description: 'wajib bila tarif atau jumlah menyimpang dari tabel tarif' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class RecordSpendingDto {
  @ApiProperty({ format: 'uuid', description: 'baris rencana (id tetap lintas versi)' })
  @IsUUID('all', { message: 'planLineId harus berupa UUID baris rencana' })
  planLineId: string;

  @ApiProperty({ example: '2026-03-15', description: 'tanggal transaksi (YYYY-MM-DD), di dalam tahun rencana, tidak di masa depan' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: 12500000, description: 'rupiah utuh, lebih dari 0' })
  @IsRupiah({ positive: true })
  amount: number;

  @ApiProperty({ example: 'Pembayaran material paving jalan RT 03' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'description wajib diisi' })
  @MaxLength(1000)
  description: string;

  @ApiProperty({ example: 'CV Sumber Makmur' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'payee wajib diisi' })
  @MaxLength(300)
  payee: string;

  @ApiProperty({ example: '935/TBP/KEL.BLM/2026', description: 'nomor bukti (kuitansi/nota/TBP)' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'evidenceNo wajib diisi' })
  @MaxLength(200)
  evidenceNo: string;

  @ApiPropertyOptional({ enum: PAYMENT_METHODS, default: 'TUNAI', description: 'cara bayar: tunai, bank, atau LS (langsung oleh kas daerah)' })
  @IsOptional()
  @IsIn(PAYMENT_METHODS as unknown as string[], { message: 'method harus TUNAI, BANK atau LS' })
  method?: (typeof PAYMENT_METHODS)[number];

  @ApiPropertyOptional({ type: [TaxLineInputDto], description: 'pajak yang dipungut atas pembayaran ini' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => TaxLineInputDto)
  taxes?: TaxLineInputDto[];
}

export class ReverseSpendingDto {
  @ApiProperty({ example: 'Salah input nominal; dicatat ulang dengan bukti yang sama' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason wajib diisi' })
  @MaxLength(1000)
  reason: string;

  @ApiPropertyOptional({ example: '2026-03-15', description: 'tanggal pembatalan: tidak sebelum entri asal, di tahun yang sama, tidak di bulan yang sudah ditutup, tidak di masa depan; bawaan tanggal entri asal selama bulannya masih terbuka' })
  @IsOptional()
  @IsCalendarDate()
  date?: string;
}

export class ListSpendingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '35.73.01.1001', description: 'kode wilayah (kab/kota, kecamatan atau kelurahan)' })
  @IsOptional()
  @IsRegionCode([], { message: 'region harus kode wilayah Kemendagri, mis. 35.73.01.1001' })
  region?: string;

  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsFiscalYear()
  year?: number;

  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'planLineId harus berupa UUID' })
  planLineId?: string;

  @ApiPropertyOptional({ enum: ['entries', 'reversals'], description: 'hanya entri biasa atau hanya pembatalan' })
  @IsOptional()
  @IsIn(['entries', 'reversals'])
  kind?: 'entries' | 'reversals';

}

export class SpendingEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'nomor urut buku (naik terus)' }) seq: number;
  @ApiProperty({ format: 'uuid' }) planLineId: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ example: '35.73.01.1001' }) kelurahanCode: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: ['sarpras', 'pemberdayaan'] }) category: string;
  @ApiProperty({ example: '2026-03-15' }) date: string;
  @ApiProperty({ description: 'rupiah; negatif untuk entri pembatalan' }) amount: number;
  @ApiProperty() description: string;
  @ApiProperty() payee: string;
  @ApiProperty() evidenceNo: string;
  @ApiProperty({ nullable: true, type: String, description: 'entri yang dibatalkan oleh entri ini' }) reversesId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'entri pembatalan atas entri ini' }) reversedById: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'alasan pembatalan' }) reason: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty({ nullable: true, type: String }) createdByName: string | null;
  @ApiProperty({ enum: PAYMENT_METHODS }) method: string;
  @ApiProperty({ example: '5.1.02.01.01.0052', description: 'kode rekening saat dibukukan' }) accountCode: string;
  @ApiProperty({ type: () => [TaxLineViewDto] }) taxes: TaxLineViewDto[];
  @ApiPropertyOptional({ nullable: true, type: Object, description: 'saldo akun negatif setelah pembayaran (setelan Pemda: ditandai, tidak ditolak)' })
  overdraft?: { account: string; balance: number } | null;
}

export class TaxLineViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: TAX_TYPES }) type: string;
  @ApiProperty() base: number;
  @ApiProperty() rate: number;
  @ApiProperty() amount: number;
  @ApiProperty({ nullable: true, type: String, description: 'aturan tarif yang diikuti' }) ruleId: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

export class SpendingPageDto {
  @ApiProperty({ type: [SpendingEntryDto] }) items: SpendingEntryDto[];
  @ApiProperty() total: number;
}

export class TotalsFigureDto {
  @ApiProperty() amount: number;
  @ApiProperty() entryCount: number;
}

export class TotalsMismatchDto {
  @ApiProperty({ enum: ['plan_line', 'plan_line_month', 'kelurahan_month'] }) kind: string;
  @ApiPropertyOptional() planLineId?: string;
  @ApiPropertyOptional() kelurahanCode?: string;
  @ApiPropertyOptional() year?: number;
  @ApiPropertyOptional() month?: number;
  @ApiPropertyOptional() category?: string;
  @ApiProperty({ type: TotalsFigureDto, description: 'angka yang tersimpan di tabel ringkasan' }) stored: TotalsFigureDto;
  @ApiProperty({ type: TotalsFigureDto, description: 'angka yang dihitung ulang dari buku' }) ledger: TotalsFigureDto;
}

export class TotalsCheckDto {
  @ApiProperty() consistent: boolean;
  @ApiProperty({ description: 'jumlah entri buku yang diperiksa' }) entries: number;
  @ApiProperty({ type: [TotalsMismatchDto] }) mismatches: TotalsMismatchDto[];
}

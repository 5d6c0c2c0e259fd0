import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsRupiah } from '../../common/money/is-rupiah.decorator';
import { IsCalendarDate } from '../spending/spending-date';
import { CASH_ACCOUNTS } from './cash-postings';
import { PURCHASE_KINDS, TAX_TYPES } from './tax/tax-rules';

const NOT_BLANK = /\S/;
const KELURAHAN_CODE = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export class KelurahanYearQueryDto {
  @ApiProperty({ example: '35.73.01.1001' })
  @Matches(KELURAHAN_CODE, { message: 'kelurahan harus kode kelurahan Kemendagri, mis. 35.73.01.1001' })
  kelurahan: string;

  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2019)
  @Max(2100)
  year: number;
}

export class KelurahanMonthQueryDto extends KelurahanYearQueryDto {
  @ApiProperty({ example: 3, minimum: 1, maximum: 12 })
  @Type(() => Number)
  @IsInt({ message: 'month harus bilangan bulat 1..12' })
  @Min(1, { message: 'month harus 1..12' })
  @Max(12, { message: 'month harus 1..12' })
  month: number;
}

export class PajakQueryDto extends KelurahanMonthQueryDto {
  @ApiPropertyOptional({ enum: ['chronological', 'recap'], default: 'chronological', description: 'urut tanggal, atau rekap per jenis pajak' })
  @IsOptional()
  @IsIn(['chronological', 'recap'])
  layout?: 'chronological' | 'recap';
}

export class RecordFundDto {
  @ApiProperty({ example: '35.73.01.1001' })
  @Matches(KELURAHAN_CODE, { message: 'kelurahanCode harus kode kelurahan Kemendagri, mis. 35.73.01.1001' })
  kelurahanCode: string;

  @ApiProperty({ enum: ['UP', 'GU', 'TU', 'STS'], description: 'UP/GU/TU: penerimaan dari bendahara pengeluaran (SP2D); STS: pengembalian sisa ke kas daerah' })
  @IsIn(['UP', 'GU', 'TU', 'STS'])
  kind: 'UP' | 'GU' | 'TU' | 'STS';

  @ApiProperty({ enum: ['TUNAI', 'BANK'] })
  @IsIn(['TUNAI', 'BANK'])
  account: 'TUNAI' | 'BANK';

  @ApiProperty({ example: '2026-02-03', description: 'tanggal diterima atau disetor' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: 150000000 })
  @IsRupiah({ positive: true })
  amount: number;

  @ApiProperty({ example: '00123/SP2D/TU/2026', description: 'nomor SP2D (UP/GU/TU) atau nomor STS' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'documentNo wajib diisi' })
  @MaxLength(200)
  documentNo: string;

  @ApiProperty({ example: '2026-02-02', description: 'tanggal SP2D atau STS' })
  @IsCalendarDate()
  documentDate: string;

  @ApiPropertyOptional({ example: 'Penerimaan TU tahap I dana kelurahan' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class FundEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() kelurahanCode: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: ['UP', 'GU', 'TU', 'STS'] }) kind: string;
  @ApiProperty({ enum: ['TUNAI', 'BANK'] }) account: string;
  @ApiProperty() date: string;
  @ApiProperty() amount: number;
  @ApiProperty() documentNo: string;
  @ApiProperty() documentDate: string;
  @ApiProperty() description: string;
  @ApiProperty({ nullable: true, type: Object, description: 'saldo akun setelah transaksi bila negatif (mode tandai)' }) overdraft: { account: string; balance: number } | null;
}

export class FundPageDto {
  @ApiProperty({ type: [FundEntryDto] }) items: FundEntryDto[];
  @ApiProperty() total: number;
}

export class RecordDepositDto {
  @ApiProperty({ example: '35.73.01.1001' })
  @Matches(KELURAHAN_CODE, { message: 'kelurahanCode harus kode kelurahan Kemendagri, mis. 35.73.01.1001' })
  kelurahanCode: string;

  @ApiProperty({ enum: TAX_TYPES })
  @IsIn(TAX_TYPES as unknown as string[], { message: `type harus salah satu dari ${TAX_TYPES.join(', ')}` })
  type: (typeof TAX_TYPES)[number];

  @ApiProperty({ enum: CASH_ACCOUNTS, description: 'dari akun mana disetor' })
  @IsIn(CASH_ACCOUNTS as unknown as string[])
  account: (typeof CASH_ACCOUNTS)[number];

  @ApiProperty({ example: '2026-03-10' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: 150000 })
  @IsRupiah({ positive: true })
  amount: number;

  @ApiProperty({ example: '123456789012345', description: 'kode billing (15 digit)' })
  @IsString()
  @Transform(upper)
  @Matches(/^[0-9]{15}$/, { message: 'billingCode harus 15 digit angka' })
  billingCode: string;

  @ApiProperty({ example: '0A1B2C3D4E5F6789', description: 'NTPN (16 karakter huruf/angka)' })
  @IsString()
  @Transform(upper)
  @Matches(/^[0-9A-Z]{16}$/, { message: 'ntpn harus 16 karakter huruf atau angka' })
  ntpn: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class DepositDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() kelurahanCode: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: TAX_TYPES }) type: string;
  @ApiProperty({ enum: CASH_ACCOUNTS }) account: string;
  @ApiProperty() date: string;
  @ApiProperty() amount: number;
  @ApiProperty() billingCode: string;
  @ApiProperty() ntpn: string;
  @ApiProperty() description: string;
}

export class DepositPageDto {
  @ApiProperty({ type: [DepositDto] }) items: DepositDto[];
  @ApiProperty() total: number;
}

export class TaxPositionDto {
  @ApiProperty({ enum: TAX_TYPES }) type: string;
  @ApiProperty() label: string;
  @ApiProperty({ description: 'dipungut' }) withheld: number;
  @ApiProperty({ description: 'disetor' }) deposited: number;
  @ApiProperty({ description: 'sisa belum disetor' }) outstanding: number;
}

export class CashBalancesDto {
  @ApiProperty() TUNAI: number;
  @ApiProperty() BANK: number;
  @ApiProperty({ description: 'pajak atas pembayaran LS yang belum disetor' }) LS: number;
}

export class BooksBalanceDto {
  @ApiProperty() kelurahanCode: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: ['flag', 'refuse'], description: 'pembayaran melebihi saldo: ditandai atau ditolak (setelan Pemda)' }) overdraft: string;
  @ApiProperty({ type: CashBalancesDto }) cash: CashBalancesDto;
  @ApiProperty({ description: 'saldo seluruh kas (tunai + bank + LS)' }) total: number;
  @ApiProperty({ type: [TaxPositionDto] }) taxes: TaxPositionDto[];
}

const queryBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** The query of GET /books/taxes/suggest (a computation from the rule table, so a GET). */
export class SuggestTaxesDto {
  @ApiProperty({ example: '2026-03-10' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: 11100000, description: 'jumlah bruto pembayaran' })
  @Type(() => Number)
  @IsRupiah({ positive: true })
  amount: number;

  @ApiProperty({ enum: PURCHASE_KINDS })
  @IsIn(PURCHASE_KINDS as unknown as string[])
  kind: (typeof PURCHASE_KINDS)[number];

  @ApiPropertyOptional({ default: true, description: 'jumlah sudah termasuk PPN' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  ppnIncluded?: boolean;

  @ApiPropertyOptional({ enum: ['I', 'II', 'III', 'IV'], description: 'golongan ASN penerima honorarium' })
  @IsOptional()
  @IsIn(['I', 'II', 'III', 'IV'])
  golongan?: 'I' | 'II' | 'III' | 'IV';

  @ApiPropertyOptional({ enum: ['KECIL', 'MENENGAH_BESAR', 'TIDAK_BERSERTIFIKAT'], description: 'kualifikasi usaha jasa konstruksi' })
  @IsOptional()
  @IsIn(['KECIL', 'MENENGAH_BESAR', 'TIDAK_BERSERTIFIKAT'])
  qualification?: 'KECIL' | 'MENENGAH_BESAR' | 'TIDAK_BERSERTIFIKAT';

  @ApiPropertyOptional({ default: false, description: 'pembelian dipecah (batas Rp 2.000.000 tidak berlaku)' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  split?: boolean;

  @ApiPropertyOptional({ default: true, description: 'penyedia adalah PKP' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  pkp?: boolean;
}

export class SuggestedTaxDto {
  @ApiProperty({ enum: TAX_TYPES }) type: string;
  @ApiProperty({ description: 'DPP' }) base: number;
  @ApiProperty({ description: 'tarif (%)' }) rate: number;
  @ApiProperty() amount: number;
  @ApiProperty() ruleId: string;
  @ApiProperty() label: string;
  @ApiProperty({ description: 'dasar hukum' }) basis: string;
}

export class SuggestedTaxesDto {
  @ApiProperty({ type: [SuggestedTaxDto] }) items: SuggestedTaxDto[];
}

export class BookPeriodViewDto {
  @ApiProperty() month: number;
  @ApiProperty({ example: 'M03' }) period: string;
  @ApiProperty() closed: boolean;
  @ApiProperty({ nullable: true, type: Number }) closingBalance: number | null;
  @ApiProperty({ nullable: true, type: String }) changedAt: string | null;
}

export class BookPeriodListDto {
  @ApiProperty({ type: [BookPeriodViewDto] }) items: BookPeriodViewDto[];
  @ApiProperty() total: number;
}

export class ClosePeriodDto {
  @ApiProperty({ example: '35.73.01.1001' })
  @Matches(KELURAHAN_CODE, { message: 'kelurahanCode harus kode kelurahan Kemendagri, mis. 35.73.01.1001' })
  kelurahanCode: string;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2019)
  @Max(2100)
  year: number;

  @ApiProperty({ example: 1, minimum: 1, maximum: 12 })
  @IsInt({ message: 'month harus bilangan bulat 1..12' })
  @Min(1, { message: 'month harus 1..12' })
  @Max(12, { message: 'month harus 1..12' })
  month: number;
}

export class ReopenPeriodBodyDto extends ClosePeriodDto {
  @ApiProperty({ example: 'Koreksi nomor bukti kuitansi 012 atas permintaan Inspektorat' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason wajib diisi' })
  @MaxLength(1000)
  reason: string;
}

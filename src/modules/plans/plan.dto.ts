import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, registerDecorator } from 'class-validator';
import { IsRupiah } from '../../common/money/is-rupiah.decorator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { CATEGORIES, FUNDING_SOURCES, isAccountCode, SUB_TYPES, UNITS } from '../reference/taxonomy';
import { volumeHundredths } from './plan-line-amount';
import { IsRegionCode } from '../regions/region-code';
import { PLAN_STATUSES } from './plan-workflow';

const UNIT_CODES = UNITS.map((u) => u.code);
const SOURCE_CODES = FUNDING_SOURCES.map((f) => f.code);

function IsAccountCode() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isAccountCode',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} harus kode rekening belanja, mis. 5.1.02.01.01.0052` },
      validator: { validate: (v: unknown) => isAccountCode(v) },
    });
}

function IsVolume() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isVolume',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} harus angka lebih dari 0 dengan paling banyak 2 angka desimal` },
      validator: { validate: (v: unknown) => typeof v === 'number' && volumeHundredths(v) !== null },
    });
}

export class CreatePlanDto {
  @ApiProperty({ example: '35.73.01.1001' })
  @IsString()
  @IsRegionCode('kelurahan')
  kelurahanCode: string;

  @ApiProperty({ example: 2026 })
  @IsInt({ message: 'year harus berupa tahun, mis. 2026' })
  year: number;
}

export class CreateLineDto {
  @ApiProperty({ enum: CATEGORIES })
  @IsIn(CATEGORIES, { message: `category harus salah satu dari ${CATEGORIES.join(', ')}` })
  category: string;

  @ApiProperty({ enum: SUB_TYPES, description: 'A1..A4 untuk sarpras, B1..B6 untuk pemberdayaan' })
  @IsIn(SUB_TYPES, { message: `subType harus salah satu dari ${SUB_TYPES.join(', ')}` })
  subType: string;

  @ApiProperty({ example: 'Pembangunan saluran drainase RW 03' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  description: string;

  @ApiProperty({ example: '5.2.04.01.01.0001' })
  @IsAccountCode()
  accountCode: string;

  @ApiProperty({ example: 245, description: 'koefisien; paling banyak 2 angka desimal' })
  @IsVolume()
  volume: number;

  @ApiProperty({ enum: UNIT_CODES })
  @IsIn(UNIT_CODES, { message: `unit harus salah satu dari ${UNIT_CODES.join(', ')}` })
  unit: string;

  @ApiProperty({ example: 30000, description: 'harga satuan dalam rupiah utuh' })
  @IsRupiah({ positive: true })
  unitPrice: number;

  @ApiPropertyOptional({ example: 'RW 03' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  location?: string;

  @ApiPropertyOptional({ enum: SOURCE_CODES, description: 'bawaan: sumber dana pagu' })
  @IsOptional()
  @IsIn(SOURCE_CODES, { message: `fundingSource harus salah satu dari ${SOURCE_CODES.join(', ')}` })
  fundingSource?: string;
}

export class UpdateLineDto extends PartialType(CreateLineDto) {}

export class ReturnPlanDto {
  @ApiProperty({ example: 'Harga satuan paving belum sesuai standar harga' })
  @IsString({ message: 'reason (alasan pengembalian) wajib diisi' })
  @Matches(/\S/, { message: 'reason (alasan pengembalian) wajib diisi' })
  @MaxLength(2000)
  reason: string;
}

export class PlanListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '35.73.01.1001' })
  @IsOptional()
  @IsRegionCode('kelurahan')
  kelurahan?: string;

  @ApiPropertyOptional({ example: '35.73.01', description: 'semua kelurahan di bawah wilayah ini' })
  @IsOptional()
  @IsRegionCode([], { message: 'region harus kode wilayah, mis. 35.73.01' })
  region?: string;

  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'year harus berupa tahun, mis. 2026' })
  year?: number;

  @ApiPropertyOptional({ enum: PLAN_STATUSES, description: 'status versi terbaru' })
  @IsOptional()
  @IsIn(PLAN_STATUSES, { message: `status harus salah satu dari ${PLAN_STATUSES.join(', ')}` })
  status?: string;
}

// ---- responses

export class PersonDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() fullName: string;
}

export class PlanLineDto {
  @ApiProperty() id: string;
  @ApiProperty() position: number;
  @ApiProperty() category: string;
  @ApiProperty() subType: string;
  @ApiProperty() subKegiatanCode: string;
  @ApiProperty() description: string;
  @ApiProperty() accountCode: string;
  @ApiProperty() volume: number;
  @ApiProperty() unit: string;
  @ApiProperty() unitPrice: number;
  @ApiProperty() amount: number;
  @ApiProperty({ nullable: true, type: String }) location: string | null;
  @ApiProperty() fundingSource: string;
  @ApiProperty({ description: 'realisasi tercatat pada rincian ini (semua versi)' }) spent: number;
}

export class InForceDto {
  @ApiProperty() version: number;
  @ApiProperty() total: number;
  @ApiProperty() totalSarpras: number;
  @ApiProperty() totalPemberdayaan: number;
  @ApiProperty({ nullable: true, type: String }) approvedAt: string | null;
  @ApiProperty({ type: [PlanLineDto] }) lines: PlanLineDto[];
}

export class PlanDto {
  @ApiProperty() id: string;
  @ApiProperty() kelurahanCode: string;
  @ApiProperty() kelurahanName: string;
  @ApiProperty() year: number;
  @ApiProperty({ description: 'versi terbaru' }) version: number;
  @ApiProperty({ enum: PLAN_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: Number, description: 'pagu; null bila belum ditetapkan' }) allocation: number | null;
  @ApiProperty() total: number;
  @ApiProperty() totalSarpras: number;
  @ApiProperty() totalPemberdayaan: number;
  @ApiProperty({ type: [PlanLineDto] }) lines: PlanLineDto[];
  @ApiProperty({ type: InForceDto, nullable: true }) inForce: InForceDto | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) returnedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) returnReason: string | null;
  @ApiProperty({ nullable: true, type: String }) approvedAt: string | null;
}

export class PlanSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() kelurahanCode: string;
  @ApiProperty() kelurahanName: string;
  @ApiProperty() year: number;
  @ApiProperty() version: number;
  @ApiProperty() status: string;
  @ApiProperty() total: number;
  @ApiProperty({ nullable: true, type: Number }) allocation: number | null;
  @ApiProperty({ nullable: true, type: Number }) inForceVersion: number | null;
  @ApiProperty({ nullable: true, type: Number }) inForceTotal: number | null;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
}

export class PlanListDto {
  @ApiProperty({ type: [PlanSummaryDto] }) items: PlanSummaryDto[];
  @ApiProperty() total: number;
}

export class LineChangeDto {
  @ApiProperty() lineId: string;
  @ApiProperty({ enum: ['added', 'removed', 'changed'] }) type: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String], description: 'kolom yang berubah' }) fields: string[];
  @ApiProperty({ nullable: true, type: Object, description: 'semula' }) before: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: Object, description: 'menjadi' }) after: Record<string, unknown> | null;
}

export class PlanVersionDto {
  @ApiProperty() version: number;
  @ApiProperty() status: string;
  @ApiProperty() total: number;
  @ApiProperty() totalSarpras: number;
  @ApiProperty() totalPemberdayaan: number;
  @ApiProperty() inForce: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: PersonDto, nullable: true }) createdBy: PersonDto | null;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ type: PersonDto, nullable: true }) submittedBy: PersonDto | null;
  @ApiProperty({ nullable: true, type: String }) approvedAt: string | null;
  @ApiProperty({ type: PersonDto, nullable: true }) approvedBy: PersonDto | null;
  @ApiProperty({ nullable: true, type: String }) returnedAt: string | null;
  @ApiProperty({ type: PersonDto, nullable: true }) returnedBy: PersonDto | null;
  @ApiProperty({ nullable: true, type: String }) returnReason: string | null;
  @ApiProperty({ nullable: true, type: String }) supersededAt: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'versi yang digantikan' }) replaces: number | null;
  @ApiProperty({ nullable: true, type: Number }) previousTotal: number | null;
  @ApiProperty({ type: [LineChangeDto], description: 'semula/menjadi per rincian terhadap versi sebelumnya' }) changes: LineChangeDto[];
}

export class PlanVersionListDto {
  @ApiProperty({ type: [PlanVersionDto] }) items: PlanVersionDto[];
  @ApiProperty() total: number;
}

export class DeletedLineDto {
  @ApiProperty() id: string;
  @ApiProperty() deleted: boolean;
  @ApiProperty({ description: 'total versi setelah penghapusan' }) total: number;
}

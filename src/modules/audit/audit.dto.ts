import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, isISO8601, IsOptional, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';
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
  @ApiProperty({ example: '35.73', description: "rantai tempat peristiwa ini: kab/kota wilayahnya, atau 'nasional'" }) partition: string;
  @ApiProperty({ description: 'nomor urut dalam rantai partisinya (tanpa celah)' }) seq: number;
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

export class AuditProblemDto {
  @ApiProperty({
    enum: ['EVENT_CHANGED', 'PREV_HASH_MISMATCH', 'SEQ_GAP', 'HEAD_ROW_MISMATCH', 'CHECKPOINT_NOT_REACHED', 'CHECKPOINT_HEAD_MISMATCH',
      'CHECKPOINT_HASH_MISMATCH', 'CHECKPOINT_KEY_UNKNOWN', 'CHECKPOINT_SIGNATURE_INVALID', 'CHECKPOINT_CHAIN_BROKEN', 'CHECKPOINT_MISSING',
      'LEGACY_CHAIN_BROKEN', 'FACT_WITHOUT_EVENT', 'FACT_DIFFERS_FROM_EVENT', 'FACT_MISSING', 'CHECK_FAILED'],
  })
  kind: string;
  @ApiPropertyOptional({ example: '35.73' }) partition?: string;
  @ApiPropertyOptional() seq?: number;
  @ApiPropertyOptional({ description: 'nomor checkpoint yang bersangkutan' }) checkpoint?: number;
  @ApiPropertyOptional({ example: 'spending_entry' }) table?: string;
  @ApiPropertyOptional({ description: 'id baris tabel itu' }) id?: string;
  @ApiPropertyOptional({ example: 'spending_totals' }) check?: string;
  @ApiProperty() message: string;
}

export class AuditPartitionReportDto {
  @ApiProperty({ example: '35.73' }) partition: string;
  @ApiProperty() events: number;
  @ApiProperty() head: string;
  @ApiProperty() valid: boolean;
  @ApiProperty({ description: 'jumlah peristiwa menurut checkpoint bertanda tangan terbaru' }) checkpointed: number;
}

export class CheckpointRefDto {
  @ApiProperty() seq: number;
  @ApiProperty({ example: '2026-12-01T10:00:00.000Z' }) signedAt: string;
  @ApiProperty() hash: string;
}

export class AuditCheckpointSummaryDto {
  @ApiProperty() count: number;
  @ApiProperty() valid: boolean;
  @ApiProperty({ type: CheckpointRefDto, nullable: true }) latest: CheckpointRefDto | null;
}

export class AuditFactReportDto {
  @ApiProperty({ example: 'spending_entry' }) table: string;
  @ApiProperty() rows: number;
  @ApiProperty() events: number;
  @ApiProperty() problems: number;
}

export class AuditCheckReportDto {
  @ApiProperty({ example: 'spending_totals' }) name: string;
  @ApiProperty() consistent: boolean;
  @ApiProperty({ type: Object, description: 'hasil lengkap pemeriksaan (untuk spending_totals: seperti GET /api/spending/totals/check)' }) detail: unknown;
}

export class AuditLegacyReportDto {
  @ApiProperty() events: number;
  @ApiProperty() head: string;
  @ApiProperty() valid: boolean;
}

export class AuditVerifyDto {
  @ApiProperty() valid: boolean;
  @ApiProperty({ description: 'jumlah peristiwa di semua rantai' }) events: number;
  @ApiProperty({ description: 'SHA-256 atas jumlah dan hash terakhir setiap partisi' }) head: string;
  @ApiPropertyOptional({ description: 'seq (atau nomor checkpoint) masalah pertama (hanya bila tidak valid)' }) brokenAt?: number;
  @ApiPropertyOptional({ description: 'partisi masalah pertama' }) partition?: string;
  @ApiPropertyOptional({ description: 'jenis masalah pertama (lihat problems[].kind)' }) problem?: string;
  @ApiProperty({ type: [AuditPartitionReportDto] }) partitions: AuditPartitionReportDto[];
  @ApiProperty({ type: AuditCheckpointSummaryDto }) checkpoints: AuditCheckpointSummaryDto;
  @ApiProperty({ type: [AuditFactReportDto], description: 'setiap baris fakta (buku, dokumen) punya peristiwa audit yang sama isinya' }) facts: AuditFactReportDto[];
  @ApiProperty({ type: [AuditCheckReportDto] }) checks: AuditCheckReportDto[];
  @ApiProperty({ type: AuditLegacyReportDto, nullable: true, description: 'rantai tunggal sebelum dipecah per partisi' }) legacy: AuditLegacyReportDto | null;
  @ApiProperty({ type: [AuditProblemDto] }) problems: AuditProblemDto[];
  @ApiProperty() problemCount: number;
}

export class PublicKeyDto {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm: 'Ed25519';
  @ApiProperty({ example: '3f9c0a1b2c3d4e5f' }) keyId: string;
  @ApiProperty({ description: 'kunci publik, SPKI PEM' }) publicKeyPem: string;
}

export class PartitionHeadDto {
  @ApiProperty() events: number;
  @ApiProperty() head: string;
}

export class CheckpointDto {
  @ApiProperty() seq: number;
  @ApiProperty({ example: '2026-12-01T10:00:00.000Z' }) signedAt: string;
  @ApiProperty({ description: 'jumlah peristiwa di semua partisi' }) events: number;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/PartitionHeadDto' }, description: 'per partisi: jumlah peristiwa dan hash terakhir' })
  partitions: Record<string, PartitionHeadDto>;
  @ApiProperty({ description: 'hash checkpoint sebelumnya (64 nol untuk yang pertama)' }) prevHash: string;
  @ApiProperty() keyId: string;
  @ApiProperty({ description: 'SHA-256 isi kanonik checkpoint' }) hash: string;
  @ApiProperty({ description: 'tanda tangan Ed25519 atas isi kanonik, base64' }) signature: string;
}

export class CheckpointListQueryDto {
  @ApiPropertyOptional({ description: 'hanya checkpoint sesudah nomor ini', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'after harus berupa bilangan bulat' })
  @Min(0, { message: 'after minimal 0' })
  after?: number;

  @ApiPropertyOptional({ default: 1000, minimum: 1, maximum: 10000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit harus berupa bilangan bulat' })
  @Min(1, { message: 'limit minimal 1' })
  @Max(10000, { message: 'limit paling banyak 10000' })
  limit?: number;
}

export class CheckpointListDto {
  @ApiProperty({ type: [CheckpointDto], description: 'urut naik; simpan berkas ini untuk npm run cli -- audit verify' }) items: CheckpointDto[];
  @ApiProperty({ type: PublicKeyDto }) publicKey: PublicKeyDto;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { EVIDENCE_KINDS } from '../books/books-settings';
import { EVIDENCE_MEDIA_TYPES } from './evidence-media';

export class EvidenceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) spendingEntryId: string;
  @ApiProperty({ enum: EVIDENCE_KINDS }) kind: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: EVIDENCE_MEDIA_TYPES }) mediaType: string;
  @ApiProperty() byteSize: number;
  @ApiProperty({ description: 'SHA-256 isi berkas (hex)' }) sha256: string;
  @ApiProperty() hasThumbnail: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'bukti yang diganti oleh berkas ini' }) supersedesId: string | null;
  @ApiProperty({ nullable: true, type: String }) supersedeReason: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'berkas yang menggantikan bukti ini' }) supersededById: string | null;
  @ApiProperty() uploadedAt: string;
  @ApiProperty({ format: 'uuid', description: 'pengguna yang mengunggah' }) uploadedBy: string;
}

export class ChecklistItemDto {
  @ApiProperty({ enum: EVIDENCE_KINDS }) kind: string;
  @ApiProperty() note: string;
  @ApiProperty() present: boolean;
}

export class EvidenceListDto {
  @ApiProperty({ type: [EvidenceDto], description: 'semua berkas, termasuk yang sudah diganti' }) items: EvidenceDto[];
  @ApiProperty() total: number;
  @ApiProperty({ type: [ChecklistItemDto], description: 'bukti yang diwajibkan setelan Pemda untuk pembayaran ini' }) required: ChecklistItemDto[];
  @ApiProperty({ enum: EVIDENCE_KINDS, isArray: true, description: 'jenis bukti wajib yang belum ada' }) missing: string[];
  @ApiProperty() complete: boolean;
}

export class EvidenceLimitsQueryDto {
  @ApiPropertyOptional({ example: '35.73.01.1001', description: 'kelurahan (batas mengikuti setelan Pemda-nya)' })
  @IsOptional()
  @Matches(/^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$/, { message: 'kelurahan harus kode wilayah Kemendagri' })
  kelurahan?: string;
}

export class EvidenceLimitsDto {
  @ApiProperty({ description: 'ukuran berkas paling besar (byte)' }) maxBytes: number;
  @ApiProperty({ example: '10 MB' }) maxLabel: string;
  @ApiProperty({ enum: EVIDENCE_MEDIA_TYPES, isArray: true }) mediaTypes: string[];
  @ApiProperty({ enum: EVIDENCE_KINDS, isArray: true }) kinds: string[];
}

/** The multipart form of an upload, as documented for OpenAPI (parsed by common/upload). */
export class EvidenceUploadFormDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'JPEG, PNG atau PDF' }) file: unknown;
  @ApiProperty({ enum: EVIDENCE_KINDS }) kind: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'bukti yang diganti (salah unggah)' }) supersedesId?: string;
  @ApiPropertyOptional({ description: 'alasan penggantian; wajib bila supersedesId diisi' }) reason?: string;
}

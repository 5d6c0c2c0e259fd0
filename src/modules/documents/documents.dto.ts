import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DOCUMENT_KINDS, DocumentKind } from './document-number';

export class DocumentRegionDto {
  @ApiProperty({ example: '35.73.01.1001' }) code: string;
  @ApiProperty({ example: 'Balearjosari' }) name: string;
  @ApiProperty({ nullable: true, type: String, example: 'kelurahan' }) level: string | null;
}

export class DocumentCheckpointDto {
  @ApiProperty() seq: number;
  @ApiProperty({ example: '2026-07-01T04:00:00.000Z' }) signedAt: string;
  @ApiProperty() hash: string;
}

/** Where the issuance sits in the audit trail, and the signed checkpoint that first covered it. */
export class DocumentAuditDto {
  @ApiProperty({ example: '35.73' }) partition: string;
  @ApiProperty() seq: number;
  @ApiProperty({ type: DocumentCheckpointDto, nullable: true, description: 'null sampai checkpoint berikutnya ditandatangani' })
  checkpoint: DocumentCheckpointDto | null;
}

export class DocumentDto {
  @ApiProperty({ example: 'DK/35.73.01.1001/2026/000123' }) number: string;
  @ApiProperty({ enum: DOCUMENT_KINDS }) kind: DocumentKind;
  @ApiProperty({ type: DocumentRegionDto }) region: DocumentRegionDto;
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ nullable: true, type: String, example: 'Q2' }) period: string | null;
  @ApiProperty({ description: 'SHA-256 dari byte PDF yang diterbitkan' }) sha256: string;
  @ApiProperty({ description: 'sidik data (angka-angka) yang tercetak pada PDF' }) dataSha256: string;
  @ApiProperty() byteSize: number;
  @ApiProperty({ example: '2026-07-01T03:00:00.000Z' }) issuedAt: string;
  @ApiProperty({ description: 'nama penerbit, atau Sistem' }) issuedBy: string;
  @ApiProperty({ type: DocumentAuditDto, nullable: true, description: 'peristiwa audit penerbitan dan checkpoint yang mencakupnya' })
  audit: DocumentAuditDto | null;
}

/** What an out-of-scope caller learns: only what the uploaded bytes themselves already carry. */
export class DocumentRestrictedDto {
  @ApiProperty() number: string;
  @ApiProperty() sha256: string;
  @ApiProperty() issuedAt: string;
  @ApiProperty({ enum: [true] }) restricted: true;
}

export class DocumentVerifyDto {
  @ApiProperty({ description: 'true bila byte persis ini pernah diterbitkan sistem' }) valid: boolean;
  @ApiProperty({ description: 'SHA-256 berkas yang diunggah' }) sha256: string;
  @ApiProperty() byteSize: number;
  @ApiPropertyOptional({
    nullable: true,
    description: 'rincian dokumen (di luar wilayah pengguna: hanya nomor, hash dan waktu terbit)',
    oneOf: [{ $ref: '#/components/schemas/DocumentDto' }, { $ref: '#/components/schemas/DocumentRestrictedDto' }],
  })
  document: DocumentDto | DocumentRestrictedDto | null;
}

/** What anyone holding a document (or its number) may learn, without logging in. */
export class PublicDocumentDto {
  @ApiProperty({ example: 'DK/35.73.01.1001/2026/000123' }) number: string;
  @ApiProperty({ enum: DOCUMENT_KINDS }) kind: DocumentKind;
  @ApiProperty({ example: 'LAPORAN REALISASI PENGGUNAAN DANA KELURAHAN KELURAHAN BALEARJOSARI KECAMATAN BLIMBING TRIWULAN II TAHUN ANGGARAN 2026' })
  title: string;
  @ApiProperty({ example: '35.73.01.1001' }) regionCode: string;
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ nullable: true, type: String, example: 'Q2' }) period: string | null;
  @ApiProperty({ example: '2026-07-01T03:00:00.000Z' }) issuedAt: string;
  @ApiProperty({ example: 'Kelurahan Balearjosari, Kecamatan Blimbing, Kota Malang' }) issuingOffice: string;
  @ApiProperty({ description: 'SHA-256 dari byte PDF yang diterbitkan' }) sha256: string;
  @ApiProperty({ description: 'sidik data (SHA-256 angka-angka) yang tercetak pada dokumen' }) fingerprint: string;
  @ApiProperty({ enum: ['valid', 'superseded'] }) status: 'valid' | 'superseded';
  @ApiProperty({ nullable: true, type: String, description: 'nomor dokumen pengganti bila angka berubah' }) supersededBy: string | null;
}

export class PublicVerifyDto {
  @ApiProperty({ description: 'true bila byte persis ini pernah diterbitkan sistem' }) valid: boolean;
  @ApiProperty({ description: 'SHA-256 berkas yang diunggah' }) sha256: string;
  @ApiProperty() byteSize: number;
  @ApiPropertyOptional({ nullable: true, type: PublicDocumentDto }) document: PublicDocumentDto | null;
}

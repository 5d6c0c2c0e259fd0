import { Controller, Get, Param, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { Roles } from '../../common/auth/roles.decorator';
import { FileDownload, FileDownloadInterceptor } from '../reports/file-download';
import { EvidenceDto, EvidenceLimitsDto, EvidenceLimitsQueryDto, EvidenceListDto, EvidenceUploadFormDto } from './evidence.dto';
import { EvidenceService } from './evidence.service';
import { ApiEndpoint } from '../../openapi/api-endpoint.decorator';

@ApiTags('evidence')
@ApiBearerAuth()
@Controller()
@UseInterceptors(FileDownloadInterceptor)
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Get('evidence/limits')
  @ApiEndpoint({
    summary: 'Batas unggah bukti',
    description: 'Ukuran berkas terbesar, jenis berkas yang diterima (JPEG, PNG, PDF) dan jenis bukti, untuk ditampilkan sebelum mengunggah.',
  })
  @ApiOkResponse({ type: EvidenceLimitsDto })
  limits(@Query() q: EvidenceLimitsQueryDto, @CurrentUser() user: AuthUser): EvidenceLimitsDto {
    return this.evidence.limits(user, q.kelurahan);
  }

  @Post('spending/:id/evidence')
  @ApiEndpoint({
    summary: 'Lampirkan bukti pada pembayaran (lurah, bendahara)',
    description: 'Unggah multipart/form-data: file dan kind (kuitansi, nota, BAST, foto, daftar hadir); supersedesId dan reason untuk mengganti bukti yang salah. Jenis berkas dibaca dari isinya, bukan dari namanya; bukti tidak pernah dihapus.',
    errors: ['SPENDING_NOT_FOUND', 'EVIDENCE_ON_REVERSAL', 'EVIDENCE_TYPE_NOT_ALLOWED', 'EVIDENCE_NAME_MISMATCH', 'EVIDENCE_UNREADABLE', 'EVIDENCE_ALREADY_SUPERSEDED', 'UPLOAD_FILE_REQUIRED', 'UPLOAD_TOO_LARGE', 'UPLOAD_TRUNCATED', 'UPLOAD_INVALID', 'UPLOAD_EMPTY'],
  })
  @Roles('lurah', 'bendahara')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: EvidenceUploadFormDto })
  @ApiCreatedResponse({ type: EvidenceDto })
  upload(@Param('id') id: string, @Req() req: FastifyRequest, @CurrentUser() user: AuthUser): Promise<EvidenceDto> {
    return this.evidence.upload(user, id, req);
  }

  @Get('spending/:id/evidence')
  @ApiEndpoint({
    summary: 'Bukti sebuah pembayaran',
    description: 'Bukti yang terlampir pada pembayaran dan daftar bukti wajib (menurut kode rekening dan jumlah) yang belum ada.',
    errors: ['SPENDING_NOT_FOUND'],
  })
  @ApiOkResponse({ type: EvidenceListDto })
  list(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<EvidenceListDto> {
    return this.evidence.list(user, id);
  }

  @Get('evidence/:id')
  @ApiEndpoint({
    summary: 'Data satu bukti',
    description: 'Jenis, nama berkas, ukuran, SHA-256, pengunggah dan penggantinya bila ada.',
    errors: ['EVIDENCE_NOT_FOUND'],
  })
  @ApiOkResponse({ type: EvidenceDto })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<EvidenceDto> {
    return this.evidence.get(user, id);
  }

  @Get('evidence/:id/content')
  @ApiEndpoint({
    summary: 'Isi berkas bukti',
    description: 'Berkas apa adanya (JPEG, PNG atau PDF) dengan header X-Content-SHA256.',
    errors: ['EVIDENCE_NOT_FOUND'],
  })
  @ApiProduces('image/jpeg', 'image/png', 'application/pdf')
  @ApiOkResponse({ description: 'isi berkas, dengan header X-Content-SHA256', schema: { type: 'string', format: 'binary' } })
  content(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<FileDownload> {
    return this.evidence.content(user, id);
  }

  @Get('evidence/:id/thumbnail')
  @ApiEndpoint({
    summary: 'Gambar kecil bukti foto',
    description: 'JPEG lebar 320 px untuk bukti berupa gambar; bukti PDF tidak memilikinya (404).',
    errors: ['EVIDENCE_NOT_FOUND'],
  })
  @ApiProduces('image/jpeg')
  @ApiOkResponse({ description: 'gambar kecil (JPEG, 320 px) untuk bukti berupa foto', schema: { type: 'string', format: 'binary' } })
  thumbnail(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<FileDownload> {
    return this.evidence.thumbnail(user, id);
  }
}

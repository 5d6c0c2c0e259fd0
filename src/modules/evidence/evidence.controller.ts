import { Controller, Get, Param, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { Roles } from '../../common/auth/roles.decorator';
import { FileDownload, FileDownloadInterceptor } from '../reports/file-download';
import { EvidenceDto, EvidenceLimitsDto, EvidenceLimitsQueryDto, EvidenceListDto, EvidenceUploadFormDto } from './evidence.dto';
import { EvidenceService } from './evidence.service';

@ApiTags('evidence')
@ApiBearerAuth()
@Controller()
@UseInterceptors(FileDownloadInterceptor)
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Get('evidence/limits')
  @ApiOperation({ summary: 'Batas unggah bukti (ukuran, jenis berkas, jenis bukti), untuk ditampilkan sebelum mengunggah' })
  @ApiOkResponse({ type: EvidenceLimitsDto })
  limits(@Query() q: EvidenceLimitsQueryDto, @CurrentUser() user: AuthUser): EvidenceLimitsDto {
    return this.evidence.limits(user, q.kelurahan);
  }

  @Post('spending/:id/evidence')
  @Roles('lurah', 'bendahara')
  @ApiOperation({ summary: 'Lampirkan bukti (kuitansi, nota, BAST, foto, daftar hadir) pada pembayaran; jenis dibaca dari isi berkas' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: EvidenceUploadFormDto })
  @ApiCreatedResponse({ type: EvidenceDto })
  upload(@Param('id') id: string, @Req() req: FastifyRequest, @CurrentUser() user: AuthUser): Promise<EvidenceDto> {
    return this.evidence.upload(user, id, req);
  }

  @Get('spending/:id/evidence')
  @ApiOperation({ summary: 'Bukti sebuah pembayaran dan daftar bukti wajib yang belum ada' })
  @ApiOkResponse({ type: EvidenceListDto })
  list(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<EvidenceListDto> {
    return this.evidence.list(user, id);
  }

  @Get('evidence/:id')
  @ApiOkResponse({ type: EvidenceDto })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<EvidenceDto> {
    return this.evidence.get(user, id);
  }

  @Get('evidence/:id/content')
  @ApiProduces('image/jpeg', 'image/png', 'application/pdf')
  @ApiOkResponse({ description: 'isi berkas, dengan header X-Content-SHA256' })
  content(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<FileDownload> {
    return this.evidence.content(user, id);
  }

  @Get('evidence/:id/thumbnail')
  @ApiProduces('image/jpeg')
  @ApiOkResponse({ description: 'gambar kecil (JPEG, 320 px) untuk bukti berupa foto' })
  thumbnail(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<FileDownload> {
    return this.evidence.thumbnail(user, id);
  }
}

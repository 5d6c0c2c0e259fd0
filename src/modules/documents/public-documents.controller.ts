import { Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiParam, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/public.decorator';
import { PublicDocumentDto, PublicVerifyDto } from './documents.dto';
import { DocumentsService } from './documents.service';
import { readPdfUpload } from './pdf-upload';
import { PublicDocumentsThrottlerGuard } from './public-throttler.guard';
import { ApiEndpoint } from '../../openapi/api-endpoint.decorator';

// No login: the printed QR code leads anyone holding the paper here. Limited per client IP.
@ApiTags('documents')
@Public()
@UseGuards(PublicDocumentsThrottlerGuard)
@ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: terlalu banyak permintaan dari alamat IP ini' })
@Controller('public/documents')
export class PublicDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('verify')
  @ApiEndpoint({
    summary: 'Tanpa login: periksa berkas PDF terhadap registri',
    description: 'Siapa pun yang memegang dokumen dapat mengunggah berkasnya (multipart, kolom file): valid bila byte-nya persis yang diterbitkan, beserta data publik dokumen itu. Dibatasi per alamat IP.',
    errors: ['DOCUMENT_FILE_REQUIRED', 'DOCUMENT_TOO_LARGE', 'DOCUMENT_NOT_PDF', 'TOO_MANY_REQUESTS'],
  })
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: PublicVerifyDto })
  async verify(@Req() req: FastifyRequest): Promise<PublicVerifyDto> {
    return this.documents.publicVerify(await readPdfUpload(req));
  }

  @Get(':number')
  @ApiEndpoint({
    summary: 'Tanpa login: data publik satu dokumen',
    description: 'number, kind, title, regionCode, period, issuedAt, sha256, fingerprint dan status (valid atau superseded, dengan supersededBy). Nomor di-URL-encode. Dibatasi per alamat IP.',
    errors: ['DOCUMENT_NOT_FOUND', 'TOO_MANY_REQUESTS'],
  })
  @ApiParam({ name: 'number', example: 'DK%2F35.73.01.1001%2F2026%2F000123' })
  @ApiOkResponse({ type: PublicDocumentDto })
  get(@Param('number') number: string): Promise<PublicDocumentDto> {
    return this.documents.publicFacts(number);
  }
}

import { Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/public.decorator';
import { PublicDocumentDto, PublicVerifyDto } from './documents.dto';
import { DocumentsService } from './documents.service';
import { readPdfUpload } from './pdf-upload';
import { PublicDocumentsThrottlerGuard } from './public-throttler.guard';

// No login: the printed QR code leads anyone holding the paper here. Limited per client IP.
@ApiTags('documents')
@Public()
@UseGuards(PublicDocumentsThrottlerGuard)
@ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: terlalu banyak permintaan dari alamat IP ini' })
@Controller('public/documents')
export class PublicDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Tanpa login: periksa apakah berkas PDF ini persis yang diterbitkan sistem, dan dokumen apa' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: PublicVerifyDto })
  async verify(@Req() req: FastifyRequest): Promise<PublicVerifyDto> {
    return this.documents.publicVerify(await readPdfUpload(req));
  }

  @Get(':number')
  @ApiOperation({ summary: 'Tanpa login: data publik satu dokumen (berlaku atau digantikan); nomor di-URL-encode' })
  @ApiParam({ name: 'number', example: 'DK%2F35.73.01.1001%2F2026%2F000123' })
  @ApiOkResponse({ type: PublicDocumentDto })
  get(@Param('number') number: string): Promise<PublicDocumentDto> {
    return this.documents.publicFacts(number);
  }
}

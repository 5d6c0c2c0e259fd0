import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { DocumentDto, DocumentRestrictedDto, DocumentVerifyDto } from './documents.dto';
import { DocumentsService } from './documents.service';
import { readPdfUpload } from './pdf-upload';
import { ApiEndpoint } from '../../openapi/api-endpoint.decorator';

@ApiTags('documents')
@ApiBearerAuth()
@ApiExtraModels(DocumentDto, DocumentRestrictedDto)
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('verify')
  @ApiEndpoint({
    summary: 'Periksa apakah berkas PDF persis yang diterbitkan sistem',
    description: 'Unggah multipart/form-data dengan berkas pada kolom file. Menjawab valid dan dokumen yang cocok (di luar wilayah pengguna hanya nomor, hash dan waktu terbit).',
    errors: ['DOCUMENT_FILE_REQUIRED', 'DOCUMENT_TOO_LARGE', 'DOCUMENT_NOT_PDF'],
  })
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: DocumentVerifyDto })
  async verify(@Req() req: FastifyRequest, @CurrentUser() user: AuthUser): Promise<DocumentVerifyDto> {
    return this.documents.verify(user, await readPdfUpload(req));
  }

  @Get(':number')
  @ApiEndpoint({
    summary: 'Data registri satu dokumen',
    description: 'Nomor dokumen di-URL-encode (/ menjadi %2F), mis. DK%2F35.73.01.1001%2F2026%2F000123. Menjawab number, kind, region, period, sha256, issuedAt, issuedBy.',
    errors: ['DOCUMENT_NOT_FOUND'],
  })
  @ApiParam({ name: 'number', example: 'DK%2F35.73.01.1001%2F2026%2F000123' })
  @ApiOkResponse({ type: DocumentDto })
  get(@Param('number') number: string, @CurrentUser() user: AuthUser): Promise<DocumentDto> {
    return this.documents.get(user, number);
  }
}

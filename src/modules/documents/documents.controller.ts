import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { DocumentDto, DocumentRestrictedDto, DocumentVerifyDto } from './documents.dto';
import { DocumentsService } from './documents.service';
import { readPdfUpload } from './pdf-upload';

@ApiTags('documents')
@ApiBearerAuth()
@ApiExtraModels(DocumentDto, DocumentRestrictedDto)
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Periksa apakah berkas PDF ini persis yang diterbitkan sistem' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: DocumentVerifyDto })
  async verify(@Req() req: FastifyRequest, @CurrentUser() user: AuthUser): Promise<DocumentVerifyDto> {
    return this.documents.verify(user, await readPdfUpload(req));
  }

  @Get(':number')
  @ApiOperation({ summary: 'Data registri satu dokumen (nomor di-URL-encode: / menjadi %2F)' })
  @ApiParam({ name: 'number', example: 'DK%2F35.73.01.1001%2F2026%2F000123' })
  @ApiOkResponse({ type: DocumentDto })
  get(@Param('number') number: string, @CurrentUser() user: AuthUser): Promise<DocumentDto> {
    return this.documents.get(user, number);
  }
}

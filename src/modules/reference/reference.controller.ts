import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AccountCodeListDto, CategoryListDto, CodeLabelListDto } from './reference.dto';
import { searchAccountCodes, CATEGORIES, CATEGORY, FUNDING_SOURCES, KEGIATAN, PROGRAM, UNITS, URUSAN, subTypesOf } from './taxonomy';
import { ApiEndpoint } from '../../openapi/api-endpoint.decorator';

// Static answers built once: the reference data only changes with a release.
const CATEGORY_LIST = {
  urusan: URUSAN,
  program: PROGRAM,
  kegiatan: KEGIATAN,
  items: CATEGORIES.map((c) => ({
    code: c,
    letter: CATEGORY[c].letter,
    name: CATEGORY[c].name,
    subKegiatan: CATEGORY[c].subKegiatan,
    subTypes: subTypesOf(c).map((s) => ({ code: s.code, name: s.name, examples: s.examples })),
  })),
  total: CATEGORIES.length,
};
const UNIT_LIST = { items: UNITS.map((u) => ({ code: u.code, label: u.label })), total: UNITS.length };
const FUNDING_LIST = { items: FUNDING_SOURCES.map((f) => ({ code: f.code, label: f.label })), total: FUNDING_SOURCES.length };

@ApiTags('reference')
@ApiBearerAuth()
@Controller('reference')
export class ReferenceController {
  @Get('categories')
  @ApiEndpoint({
    summary: 'Kategori, sub-jenis dan sub-kegiatan',
    description: 'Urusan, program dan kegiatan, serta kategori sarpras dan pemberdayaan dengan sub-jenis A1–A4 dan B1–B6 dan contohnya.',
  })
  @ApiOkResponse({ type: CategoryListDto, description: 'kategori (sarpras, pemberdayaan) dengan sub-jenis A1–A4/B1–B6 dan sub-kegiatan' })
  categories() {
    return CATEGORY_LIST;
  }

  @Get('units')
  @ApiEndpoint({
    summary: 'Satuan koefisien',
    description: 'Kode dan label setiap satuan yang diterima pada unit rincian rencana (mis. PAKET, Paket).',
  })
  @ApiOkResponse({ type: CodeLabelListDto, description: 'satuan koefisien' })
  units() {
    return UNIT_LIST;
  }

  @Get('funding-sources')
  @ApiEndpoint({
    summary: 'Sumber dana',
    description: 'Kode dan label sumber dana rincian rencana dan pagu.',
  })
  @ApiOkResponse({ type: CodeLabelListDto, description: 'sumber dana' })
  fundingSources() {
    return FUNDING_LIST;
  }

  @Get('account-codes')
  @ApiEndpoint({
    summary: 'Cari kode rekening',
    description: 'Kode rekening yang lazim untuk rincian rencana, dicari dengan q (kata dalam kode atau nama, mis. "makan rapat"); kode lain yang sah tetap diterima.',
  })
  @ApiQuery({ name: 'q', required: false, description: 'kata dalam kode atau nama, mis. "makan rapat"' })
  @ApiOkResponse({ type: AccountCodeListDto, description: 'kode rekening yang lazim untuk rincian rencana (kode lain yang sah tetap diterima)' })
  accountCodes(@Query('q') q?: string) {
    const items = searchAccountCodes(typeof q === 'string' ? q.slice(0, 100) : '');
    return { items, total: items.length };
  }
}

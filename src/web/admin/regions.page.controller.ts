import { Get, Post, Req, Res } from '@nestjs/common';
import type { Multipart } from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/roles.decorator';
import { AppError, ErrorDetail } from '../../common/errors/app-error';
import { MAX_UPLOAD_BYTES } from '../../configure-app';
import { RegionDirectoryService } from '../../modules/regions/region-directory.service';
import { ImportResult, RegionsService } from '../../modules/regions/regions.service';
import { FieldErrors } from '../form';
import { PageRequest, render } from '../page-context';
import { PageController } from '../page.decorators';
import { ADMIN_VIEW } from './admin-view';

interface Upload {
  kabkota?: string;
  file: Buffer | null;
  fileName: string | null;
  tooLarge: boolean;
}

const MB = MAX_UPLOAD_BYTES / 1024 / 1024;

/** The form's parts: the kab/kota field and the CSV file (kept in memory: the national file is under 1 MB). */
async function readUpload(req: PageRequest): Promise<Upload> {
  const out: Upload = { file: null, fileName: null, tooLarge: false };
  if (!req.isMultipart()) return out;
  try {
    for await (const part of req.parts() as AsyncIterable<Multipart>) {
      if (part.type === 'field') {
        if (part.fieldname === 'kabkota' && typeof part.value === 'string' && part.value.trim()) out.kabkota = part.value.trim();
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const c of part.file as AsyncIterable<Buffer>) chunks.push(c);
      if (part.fieldname !== 'file') continue;
      out.tooLarge = part.file.truncated;
      out.fileName = part.filename || null;
      const data = Buffer.concat(chunks);
      out.file = data.length ? data : null;
    }
  } catch (e) {
    // Over the upload limit: said next to the file input rather than as an error page.
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return { ...out, file: null, tooLarge: true };
    throw e;
  }
  return out;
}

/** Admin: the regions in scope, and the import of the national region CSV (one kab/kota, or all for a national admin). */
@PageController('admin/wilayah')
@Roles('admin')
export class RegionsPageController {
  constructor(
    private readonly regions: RegionsService,
    private readonly directory: RegionDirectoryService,
  ) {}

  @Get()
  async show(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.renderPage(req, reply, { kabkota: req.user!.regionCode ?? '' }, {}, null, []);
  }

  @Post('impor')
  async import(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const user = req.user!;
    const upload = await readUpload(req);
    // A kab/kota admin imports its own kab/kota; the field is fixed on the form and the service holds it to that.
    const kabkota = user.regionCode ?? upload.kabkota;
    const values = { kabkota: kabkota ?? '' };
    if (upload.tooLarge) return this.renderPage(req, reply, values, { file: `Ukuran berkas paling besar ${MB} MB` }, null, [], 400);
    if (!upload.file) return this.renderPage(req, reply, values, { file: 'Pilih berkas CSV wilayah untuk diunggah' }, null, [], 400);
    if (kabkota !== undefined && !/^\d{2}\.\d{2}$/.test(kabkota)) {
      return this.renderPage(req, reply, values, { kabkota: 'Kode kab/kota harus berbentuk 35.73' }, null, [], 400);
    }
    try {
      const result = await this.regions.import(upload.file, { kabkota, actor: user });
      return this.renderPage(req, reply, values, {}, { ...result, fileName: upload.fileName }, []);
    } catch (e) {
      if (e instanceof AppError && e.code === 'REGION_IMPORT_INVALID') {
        return this.renderPage(req, reply, values, { _form: e.message }, null, e.details, 400);
      }
      if (e instanceof AppError && e.status === 400) {
        const field = e.details.find((d) => d.field)?.field === 'kabkota' ? 'kabkota' : '_form';
        return this.renderPage(req, reply, values, { [field]: e.details[0]?.message ?? e.message }, null, [], 400);
      }
      throw e;
    }
  }

  private async renderPage(
    req: PageRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: FieldErrors,
    result: (ImportResult & { fileName: string | null }) | null,
    lineErrors: ErrorDetail[],
    status = 200,
  ): Promise<void> {
    const user = req.user!;
    const [counts, children] = await Promise.all([
      this.directory.counts(user),
      // A kab/kota admin sees its kecamatan; a national admin's list (hundreds of kab/kota) stays as counts.
      user.regionCode === null ? Promise.resolve([]) : this.directory.subtree(user, null, ['kecamatan']),
    ]);
    return render(
      req,
      reply,
      'admin/regions',
      { title: 'Wilayah', counts, children, values, errors, result, lineErrors, maxMb: MB, a: ADMIN_VIEW },
      status,
    );
  }
}

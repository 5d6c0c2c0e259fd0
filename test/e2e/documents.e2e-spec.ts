import PDFDocument from 'pdfkit';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { MAX_UPLOAD_BYTES } from '../../src/configure-app';
import { DocumentRef, DocumentsService, sha256Hex } from '../../src/modules/documents/documents.service';
import { buildWorld } from '../access/world';
import type { World } from '../access/matrix.types';
import type { TestApp } from '../helpers/test-app';
import { bearer, TestUser } from '../helpers/users';

function makePdf(lines: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { Title: 'Uji registri' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (const line of lines) doc.text(line);
    doc.end();
  });
}

describe('document registry: numbers, lookup, verification of uploaded PDFs', () => {
  let t: TestApp;
  let docs: DocumentsService;
  let u: World['users'];
  const actorOf = (x: TestUser): AuthUser => ({ id: x.id, username: x.username, fullName: `Nama ${x.username}`, role: x.role, regionCode: x.regionCode });
  const ref: DocumentRef = { kind: 'realisasi', regionCode: '35.73.01.1001', year: 2026, period: 'Q2' };
  const dataSha256 = sha256Hex(Buffer.from('angka-angka laporan'));
  let issued: { number: string; pdf: Buffer };

  const enc = encodeURIComponent;
  const upload = (user: TestUser, bytes: Buffer, field = 'file') =>
    t.http().post('/api/documents/verify').set(bearer(user)).attach(field, bytes, { filename: 'laporan.pdf', contentType: 'application/pdf' });

  beforeAll(async () => {
    ({ t, users: u } = await buildWorld());
    docs = t.app.get(DocumentsService);

    // As the reports module does it: reserve, print the number in the PDF, hash the exact bytes, register.
    issued = await t.db.transaction(async (m) => {
      const number = await docs.reserveNumber(m, ref);
      const pdf = await makePdf(['Laporan Realisasi Dana Kelurahan', `Nomor: ${number}`, `Sidik data: ${dataSha256}`]);
      await docs.register(m, { ...ref, number, sha256: sha256Hex(pdf), dataSha256, byteSize: pdf.length, issuedBy: actorOf(u.lurah) });
      return { number, pdf };
    });
  });
  afterAll(() => t.close());

  describe('numbers', () => {
    it('reads like DK/<region>/<year>/<running number>, zero-padded', () => {
      expect(issued.number).toBe('DK/35.73.01.1001/2026/000001');
    });

    it('runs per region and year without gaps, a rolled-back reservation included', async () => {
      const reserve = (r: DocumentRef) => t.db.transaction((m) => docs.reserveNumber(m, r));
      await expect(
        t.db.transaction(async (m) => {
          await docs.reserveNumber(m, ref);
          throw new Error('render gagal');
        }),
      ).rejects.toThrow('render gagal');
      expect(await reserve(ref)).toBe('DK/35.73.01.1001/2026/000002');
      expect(await reserve({ ...ref, year: 2027 })).toBe('DK/35.73.01.1001/2027/000001');
      expect(await reserve({ kind: 'realisasi', regionCode: '35.73', year: 2026, period: 'FY' })).toBe('DK/35.73/2026/000001');
      expect(await reserve({ ...ref, kind: 'plan', period: null })).toBe('DK/35.73.01.1001/2026/000003');
    });

    it('gives 20 concurrent reservations 20 distinct consecutive numbers', async () => {
      const r: DocumentRef = { kind: 'realisasi', regionCode: '35.73.02.1001', year: 2026, period: 'S1' };
      const numbers = await Promise.all(Array.from({ length: 20 }, () => t.db.transaction((m) => docs.reserveNumber(m, r))));
      expect([...numbers].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `DK/35.73.02.1001/2026/${String(i + 1).padStart(6, '0')}`));
    });

    it('refuses to register a number never reserved, or of another region, and leaves nothing behind', async () => {
      const pdf = await makePdf(['palsu']);
      const base = { ...ref, sha256: sha256Hex(pdf), dataSha256, byteSize: pdf.length, issuedBy: null };
      const [{ n: before }] = await t.db.query('SELECT count(*)::int AS n FROM audit_event');
      await expect(t.db.transaction((m) => docs.register(m, { ...base, number: 'DK/35.73.01.1001/2026/000999' }))).rejects.toThrow(/never reserved/);
      await expect(t.db.transaction((m) => docs.register(m, { ...base, number: 'DK/35.73.01.1002/2026/000001' }))).rejects.toThrow(/does not belong/);
      await expect(t.db.transaction((m) => docs.register(m, { ...base, kind: 'lain' as never, number: issued.number }))).rejects.toThrow(/kind/);
      const [{ n: after }] = await t.db.query('SELECT count(*)::int AS n FROM audit_event');
      expect(after).toBe(before);
      expect((await t.db.query('SELECT count(*)::int AS n FROM issued_document'))[0].n).toBe(1);
    });
  });

  describe('registration', () => {
    it('stores the hash of the exact bytes and records the audit event document.issue', async () => {
      const [row] = await t.db.query('SELECT sha256, data_sha256, byte_size, issued_by FROM issued_document WHERE number = $1', [issued.number]);
      expect(row).toEqual({ sha256: sha256Hex(issued.pdf), data_sha256: dataSha256, byte_size: issued.pdf.length, issued_by: u.lurah.id });
      const events = (await t.http().get('/api/audit?action=document.issue').set(bearer(u.lurah)).expect(200)).body.items;
      expect(events).toEqual([
        expect.objectContaining({ entity: 'document', entityId: issued.number, regionCode: '35.73.01.1001', actor: u.lurah.username, after: expect.objectContaining({ sha256: sha256Hex(issued.pdf) }) }),
      ]);
      expect((await t.http().get('/api/audit/verify').set(bearer(u.auditor)).expect(200)).body.valid).toBe(true);
    });

    it('is append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
      for (const sql of [`UPDATE issued_document SET sha256 = repeat('0', 64)`, 'DELETE FROM issued_document', 'TRUNCATE issued_document CASCADE']) {
        await expect(t.db.query(sql)).rejects.toThrow(/permission denied/);
        await expect(t.owner.query(sql)).rejects.toThrow(/append-only/);
      }
      // Without CASCADE the supersession table's foreign key refuses it even before the trigger.
      await expect(t.owner.query('TRUNCATE issued_document')).rejects.toThrow(/append-only|foreign key/);
    });

    it('issuePdf does reserve, render and register in one call', async () => {
      const r: DocumentRef = { kind: 'plan', regionCode: '35.73.01.1002', year: 2026, period: null };
      const res = await docs.issuePdf(r, actorOf(u.lurahOther), async (number, issuedAt) => ({
        pdf: await makePdf([`Nomor ${number}`, issuedAt.toISOString()]),
        dataSha256,
      }));
      expect(res.number).toBe('DK/35.73.01.1002/2026/000001');
      const got = (await t.http().get(`/api/documents/${enc(res.number)}`).set(bearer(u.lurahOther)).expect(200)).body;
      expect(got).toMatchObject({ kind: 'plan', period: null, sha256: res.sha256, issuedAt: res.issuedAt.toISOString() });
      expect((await upload(u.lurahOther, res.pdf).expect(200)).body).toMatchObject({ valid: true, document: { number: res.number } });
    });
  });

  describe('issuance outside the counter lock', () => {
    const r: DocumentRef = { kind: 'realisasi', regionCode: '35.73.01.1001', year: 2025, period: 'FY' };

    it('holds no lock while rendering: another reservation of the same region and year goes through meanwhile', async () => {
      let during = '';
      const res = await docs.issuePdf(r, actorOf(u.lurah), async (number) => {
        during = await t.db.transaction(async (m) => {
          await m.query(`SET LOCAL lock_timeout = '500ms'`);
          return docs.reserveNumber(m, r);
        });
        return { pdf: await makePdf([`Nomor ${number}`]), dataSha256 };
      });
      expect(res.number).toBe('DK/35.73.01.1001/2025/000001');
      expect(during).toBe('DK/35.73.01.1001/2025/000002');
    });

    it('voids the number of a render that fails, visibly to an auditor, and never reuses it', async () => {
      await expect(
        docs.issuePdf(r, actorOf(u.lurah), async () => {
          throw new Error('huruf tidak ditemukan');
        }),
      ).rejects.toThrow('huruf tidak ditemukan');
      const [voided] = await t.db.query('SELECT number, reason, voided_by FROM document_void');
      expect(voided).toEqual({ number: 'DK/35.73.01.1001/2025/000003', reason: 'Gagal membuat PDF: huruf tidak ditemukan', voided_by: u.lurah.id });
      const events = (await t.http().get('/api/audit?action=document.void').set(bearer(u.auditor)).expect(200)).body.items;
      expect(events).toEqual([
        expect.objectContaining({ entity: 'document', entityId: 'DK/35.73.01.1001/2025/000003', reason: 'Gagal membuat PDF: huruf tidak ditemukan' }),
      ]);
      const next = await docs.issuePdf(r, actorOf(u.lurah), async (number) => ({ pdf: await makePdf([`Nomor ${number}`]), dataSha256 }));
      expect(next.number).toBe('DK/35.73.01.1001/2025/000004');
      await expect(t.db.query(`DELETE FROM document_void`)).rejects.toThrow(/permission denied/);
      await expect(t.owner.query(`DELETE FROM document_void`)).rejects.toThrow(/append-only/);
    });
  });

  describe('GET /api/documents/:number', () => {
    it('answers the registry entry, with the number URL-encoded', async () => {
      const res = await t.http().get(`/api/documents/${enc(issued.number)}`).set(bearer(u.lurah)).expect(200);
      expect(res.body).toEqual({
        number: issued.number,
        kind: 'realisasi',
        region: { code: '35.73.01.1001', name: 'Balearjosari', level: 'kelurahan' },
        year: 2026,
        period: 'Q2',
        sha256: sha256Hex(issued.pdf),
        dataSha256,
        byteSize: issued.pdf.length,
        issuedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        issuedBy: `Nama ${u.lurah.username}`,
        audit: { partition: '35.73', seq: expect.any(Number), checkpoint: null },
      });
    });

    it('names the signed checkpoint that covered its issuance, once there is one', async () => {
      const cp = (await t.http().post('/api/audit/checkpoints').set(bearer(u.nationalAdmin)).expect(201)).body;
      const res = await t.http().get(`/api/documents/${enc(issued.number)}`).set(bearer(u.lurah)).expect(200);
      expect(res.body.audit).toEqual({ partition: '35.73', seq: expect.any(Number), checkpoint: { seq: cp.seq, signedAt: cp.signedAt, hash: cp.hash } });
      const [ev] = await t.db.query(`SELECT seq FROM audit_event WHERE action = 'document.issue' AND entity_id = $1`, [issued.number]);
      expect(res.body.audit.seq).toBe(Number(ev.seq));
      expect(cp.partitions['35.73'].events).toBeGreaterThanOrEqual(res.body.audit.seq);
      // A later checkpoint does not replace the first that covered it.
      await t.http().post('/api/audit/checkpoints').set(bearer(u.nationalAdmin)).expect(201);
      expect((await t.http().get(`/api/documents/${enc(issued.number)}`).set(bearer(u.lurah)).expect(200)).body.audit.checkpoint.seq).toBe(cp.seq);
    });

    it('shows it to every role whose scope holds the region, and 404 to the others', async () => {
      for (const who of ['nationalAdmin', 'admin', 'auditor', 'camat', 'lurah', 'bendahara'] as const) {
        await t.http().get(`/api/documents/${enc(issued.number)}`).set(bearer(u[who])).expect(200);
      }
      for (const who of ['adminOther', 'auditorOther', 'camatOther', 'lurahOther'] as const) {
        const res = await t.http().get(`/api/documents/${enc(issued.number)}`).set(bearer(u[who])).expect(404);
        expect(res.body.code).toBe('DOCUMENT_NOT_FOUND');
      }
    });

    it('answers 404 for an unknown or malformed number, and 401 without login', async () => {
      for (const n of ['DK/35.73.01.1001/2026/000777', 'bukan-nomor', 'DK/35.73.01.1001/2026/1']) {
        expect((await t.http().get(`/api/documents/${enc(n)}`).set(bearer(u.nationalAdmin)).expect(404)).body.code).toBe('DOCUMENT_NOT_FOUND');
      }
      await t.http().get(`/api/documents/${enc(issued.number)}`).expect(401);
    });
  });

  describe('POST /api/documents/verify', () => {
    it('confirms the exact bytes that were issued, and which document they are', async () => {
      const res = await upload(u.lurah, issued.pdf).expect(200);
      expect(res.body).toEqual({
        valid: true,
        sha256: sha256Hex(issued.pdf),
        byteSize: issued.pdf.length,
        document: expect.objectContaining({ number: issued.number, kind: 'realisasi', region: expect.objectContaining({ code: '35.73.01.1001' }) }),
      });
    });

    it('rejects the same bytes with one byte changed', async () => {
      const changed = Buffer.from(issued.pdf);
      changed[Math.floor(changed.length / 2)] ^= 0x01;
      expect(changed.equals(issued.pdf)).toBe(false);
      const res = await upload(u.lurah, changed).expect(200);
      expect(res.body).toEqual({ valid: false, sha256: sha256Hex(changed), byteSize: changed.length, document: null });
    });

    it('lets any role verify, but shows registry details only within its scope', async () => {
      for (const who of ['bendahara', 'camat', 'auditor', 'nationalAdmin'] as const) {
        expect((await upload(u[who], issued.pdf).expect(200)).body.document).toHaveProperty('region.code', '35.73.01.1001');
      }
      for (const who of ['auditorOther', 'lurahOther', 'camatOther'] as const) {
        const res = await upload(u[who], issued.pdf).expect(200);
        expect(res.body).toMatchObject({ valid: true });
        expect(res.body.document).toEqual({ number: issued.number, sha256: sha256Hex(issued.pdf), issuedAt: expect.any(String), restricted: true });
      }
      await t.http().post('/api/documents/verify').attach('file', issued.pdf, 'laporan.pdf').expect(401);
    });

    it('refuses a file that is not a PDF with 400 DOCUMENT_NOT_PDF', async () => {
      for (const bytes of [Buffer.from('bukan pdf, hanya teks'), Buffer.from('<html>%PDF-1.7</html>'), Buffer.from('%PD')]) {
        const res = await upload(u.lurah, bytes).expect(400);
        expect(res.body).toMatchObject({ code: 'DOCUMENT_NOT_PDF', details: [{ field: 'file' }] });
      }
    });

    it('refuses a file over 20 MB with 400 DOCUMENT_TOO_LARGE', async () => {
      const big = Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x20);
      big.write('%PDF-1.7\n', 0, 'latin1');
      const res = await upload(u.lurah, big).expect(400);
      expect(res.body).toMatchObject({ code: 'DOCUMENT_TOO_LARGE', details: [{ field: 'file' }] });
      // Exactly at the limit is still read (and simply not found).
      const atLimit = big.subarray(0, MAX_UPLOAD_BYTES);
      expect((await upload(u.lurah, atLimit).expect(200)).body).toMatchObject({ valid: false, byteSize: MAX_UPLOAD_BYTES });
    });

    it('refuses a request without the file field with 400 DOCUMENT_FILE_REQUIRED', async () => {
      const wrongField = await upload(u.lurah, issued.pdf, 'berkas').expect(400);
      expect(wrongField.body.code).toBe('DOCUMENT_FILE_REQUIRED');
      const noFile = await t.http().post('/api/documents/verify').set(bearer(u.lurah)).field('catatan', 'tanpa berkas').expect(400);
      expect(noFile.body.code).toBe('DOCUMENT_FILE_REQUIRED');
      const json = await t.http().post('/api/documents/verify').set(bearer(u.lurah)).send({ file: 'x' }).expect(400);
      expect(json.body.code).toBe('DOCUMENT_FILE_REQUIRED');
      const raw = await t.http().post('/api/documents/verify').set(bearer(u.lurah)).set('Content-Type', 'application/pdf').send(issued.pdf);
      expect(raw.status).toBeGreaterThanOrEqual(400);
      expect(raw.status).toBeLessThan(500);
    });
  });
});

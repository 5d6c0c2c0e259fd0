import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { BookPeriodService } from '../../src/modules/books/book-period.service';
import { FundService } from '../../src/modules/books/fund.service';
import { DocumentsService } from '../../src/modules/documents/documents.service';
import { EvidenceService } from '../../src/modules/evidence/evidence.service';
import { BooksDocumentsService } from '../../src/modules/reports/books/books-documents.service';
import { FileDownload } from '../../src/modules/reports/file-download';
import { SpendingService } from '../../src/modules/spending/spending.service';
import { createApprovedPlan, spend } from '../helpers/plans';
import { importKabkota } from '../helpers/regions';
import { createTestApp, TestApp } from '../helpers/test-app';
import { insertUser } from '../helpers/users';

// The figures of the Kelengkapan page, from the modules that own them: closed months (books), issued LPJ
// (documents) and payments still lacking evidence (evidence), per kelurahan and month under a region in scope.
const KEC = '35.73.01';
const K1 = '35.73.01.1001';
const K2 = '35.73.01.1002';
const YEAR = 2026;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const file = (filename: string, bytes = PDF) => ({ filename, bytes, byteSize: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });

describe('completeness sources: closed months, issued LPJ and missing evidence per kelurahan and month', () => {
  let t: TestApp;
  let dataDir: string;
  let camat: AuthUser;
  let camatKlojen: AuthUser;
  let bendahara: AuthUser;

  const as = async (role: AuthUser['role'], regionCode: string): Promise<AuthUser> => {
    const u = await insertUser(t.db, role, regionCode);
    return { id: u.id, username: u.username, fullName: u.username, role, regionCode };
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-kelengkapan-'));
    t = await createTestApp({ DATA_DIR: dataDir });
    await importKabkota(t, '35.73');
    camat = await as('camat', KEC);
    camatKlojen = await as('camat', '35.73.02');
    bendahara = await as('bendahara', K1);
    const plan = await createApprovedPlan(t, {
      kelurahanCode: K1,
      year: YEAR,
      lines: [{ category: 'sarpras', subType: 'A1', accountCode: '5.1.02.01.01.0024', description: 'Alat tulis kantor', volume: 1, unit: 'PAKET', unitPrice: 50_000_000 }],
    });
    await t.app.get(FundService).record(bendahara, { kelurahanCode: K1, kind: 'TU', account: 'TUNAI', date: '2026-04-01', amount: 40_000_000, documentNo: 'SP2D/TU/001', documentDate: '2026-04-01' });
    const complete = await spend(t, plan, 0, '2026-04-10', 10_000_000);
    const partly = await spend(t, plan, 0, '2026-04-20', 5_000_000);
    const reversed = await spend(t, plan, 0, '2026-05-05', 3_000_000);
    await spend(t, plan, 0, '2026-05-06', 2_000_000);
    await t.app.get(SpendingService).reverse(bendahara, reversed.id, { reason: 'Salah catat', date: '2026-05-07' });
    // Office supplies (5.1.02.01…) need a kuitansi and a nota: the first payment has both, the second only a kuitansi.
    const evidence = t.app.get(EvidenceService);
    await evidence.attach(bendahara, complete, file('kuitansi-1.pdf'), { kind: 'KUITANSI' });
    await evidence.attach(bendahara, complete, file('nota-1.pdf'), { kind: 'NOTA' });
    await evidence.attach(bendahara, partly, file('kuitansi-2.pdf'), { kind: 'KUITANSI' });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts payments lacking evidence per month, leaving reversed payments and their reversals out', async () => {
    const cells = await t.app.get(EvidenceService).missingByMonth(camat, KEC, YEAR);
    expect(cells.sort((a, b) => a.month - b.month)).toEqual([
      { kelurahanCode: K1, month: 4, payments: 2, incomplete: 1 },
      { kelurahanCode: K1, month: 5, payments: 1, incomplete: 1 },
    ]);
    expect(await t.app.get(EvidenceService).missingByMonth(bendahara, K1, YEAR)).toHaveLength(2);
    expect(await t.app.get(EvidenceService).missingByMonth(camat, KEC, YEAR - 1)).toEqual([]);
  });

  it('lists the closed months and the latest LPJ of each month', async () => {
    const periods = t.app.get(BookPeriodService);
    const documents = t.app.get(DocumentsService);
    expect(await periods.closedMonths(camat, KEC, YEAR)).toEqual([]);
    await periods.close(bendahara, K1, YEAR, 4);
    expect(await periods.closedMonths(camat, KEC, YEAR)).toEqual([{ kelurahanCode: K1, month: 4 }]);
    expect(await periods.closedMonths(camat, K2, YEAR)).toEqual([]);

    expect(await documents.issuedPeriods(camat, 'lpj', KEC, YEAR)).toEqual([]);
    const lpj = await t.app.get(BooksDocumentsService).lpjPdf(bendahara, { kelurahan: K1, year: YEAR, month: 4 });
    if (!(lpj instanceof FileDownload)) throw new Error('a small month renders at once, not as a job');
    const number = lpj.headers['X-Document-Number'];
    expect(number).toMatch(/^DK\/35\.73\.01\.1001\/2026\/\d{6}$/);
    // A BKU of the same month is another kind of document.
    await t.app.get(BooksDocumentsService).bkuPdf(bendahara, { kelurahan: K1, year: YEAR, month: 5 });
    const issued = await documents.issuedPeriods(camat, 'lpj', KEC, YEAR);
    expect(issued).toEqual([{ regionCode: K1, period: 'M04', number, issuedAt: expect.any(String) }]);
    expect(await documents.issuedPeriods(camat, 'bku', KEC, YEAR)).toEqual([expect.objectContaining({ regionCode: K1, period: 'M05' })]);
  });

  it('answers a region out of scope like a missing one (404)', async () => {
    const refused = expect.objectContaining({ status: 404, code: 'REGION_NOT_FOUND' });
    await expect(t.app.get(EvidenceService).missingByMonth(camatKlojen, KEC, YEAR)).rejects.toEqual(refused);
    await expect(t.app.get(EvidenceService).missingByMonth(camat, 'bukan-kode', YEAR)).rejects.toEqual(refused);
    await expect(t.app.get(BookPeriodService).closedMonths(camatKlojen, KEC, YEAR)).rejects.toEqual(refused);
    await expect(t.app.get(BookPeriodService).closedMonths(bendahara, KEC, YEAR)).rejects.toEqual(refused);
    await expect(t.app.get(DocumentsService).issuedPeriods(camatKlojen, 'lpj', KEC, YEAR)).rejects.toEqual(refused);
  });
});

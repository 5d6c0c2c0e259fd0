import { pagesWith, pdfPages, type PdfPage } from '../../../../test/helpers/pdf-layout';
import { renderReportPdf } from '../pdf/report-renderer';
import { loadReportTemplate } from '../pdf/report-template';
import { buildBkuModel, type BkuPostingRow } from './bku.model';
import { bookSignatories } from './books-layout-parts';
import { buildLpjModel } from './lpj.model';
import { buildPajakModel } from './pajak.model';

// The books' documents read as an auditor reads them: the signatures never alone on their page, negatives in brackets.
const region = {
  level: 'kelurahan' as const,
  kelurahan: { code: '35.73.01.1001', name: 'Balearjosari' },
  kecamatan: { code: '35.73.01', name: 'Blimbing' },
  kabkota: { code: '35.73', name: 'Kota Malang' },
};
const BENDAHARA = 'Rina Wulandari, A.Md.';
const signature = {
  place: 'Malang',
  date: '2026-03-31',
  signatories: bookSignatories('Balearjosari', { name: 'Siti Rahmawati, S.STP', nip: '198503122008012003' }, { name: BENDAHARA, nip: '199001052015032002' }),
};
const document = { documentNumber: 'DK/35.73.01.1001/2026/000001', verifyUrl: 'http://x/verifikasi/1', issuedAt: '2026-04-01T00:00:00Z' };
const base = { region, year: 2026, month: 3, signature, document };
const malang = () => loadReportTemplate('35.73');

/** The one page the bendahara signs on also carries `closing` and, above it, a row matching `row`. */
function expectSignedWithTable(pages: PdfPage[], closing: string, row: RegExp, label: string): void {
  const signed = pagesWith(pages, BENDAHARA);
  expect({ label, pages: signed.length }).toEqual({ label, pages: 1 });
  expect({ label, closingOn: pagesWith(pages, closing) }).toEqual({ label, closingOn: expect.arrayContaining(signed) });
  expect({ label, before: pages[signed[0]].text.split(closing)[0] }).toEqual({ label, before: expect.stringMatching(row) });
}

function bkuRows(n: number): BkuPostingRow[] {
  const rows: BkuPostingRow[] = [{ date: '2026-03-02', kind: 'FUND_IN', account: 'BANK', amount: 150_000_000, referenceNo: 'SP2D/1', accountCode: null, description: 'Penerimaan TU' }];
  for (let i = 0; i < n; i++) {
    const day = String(3 + Math.floor((i * 25) / Math.max(1, n))).padStart(2, '0');
    rows.push({ date: `2026-03-${day}`, kind: 'PAYMENT', account: 'BANK', amount: -100_000, referenceNo: `${i + 1}/TBP`, accountCode: '5.1.02.01.01.0024', description: `Belanja nomor ${i + 1}` });
  }
  return rows;
}

describe('the books’ documents on paper', () => {
  it('BKU: the last lines, the totals, the cash composition and both signatures share a page, whatever the length', async () => {
    for (let n = 1; n <= 61; n += 4) {
      const model = buildBkuModel({
        ...base,
        opening: 10_000_000,
        before: { receipts: 10_000_000, payments: 0 },
        rows: bkuRows(n),
        closingByAccount: { TUNAI: 10_000_000, BANK: 150_000_000 - n * 100_000, LS: 0 },
        taxHeld: 0,
        closed: false,
      });
      const pages = pdfPages(await renderReportPdf('bku', model, malang()));
      expectSignedWithTable(pages, 'Saldo akhir bulan ini', /Belanja nomor \d+/, `bku ${n}`);
      expect(pagesWith(pages, 'Mengetahui,')).toEqual(pagesWith(pages, BENDAHARA));
      expect(pagesWith(pages, 'terdiri dari:')).toEqual(pagesWith(pages, BENDAHARA));
    }
  });

  it('Buku Pembantu Pajak: the totals stay with the signatures in both layouts', async () => {
    for (let n = 1; n <= 61; n += 6) {
      const rows = Array.from({ length: n }, (_, i) => ({
        date: `2026-03-${String(2 + Math.floor((i * 25) / n)).padStart(2, '0')}`,
        type: 'PPH22' as const, side: 'PUNGUT' as const, amount: 1_500, referenceNo: `${i + 1}/TBP`, description: `Pungutan nomor ${i + 1}`,
      }));
      for (const layout of ['chronological', 'recap'] as const) {
        const model = buildPajakModel({ ...base, layout, before: {}, rows });
        const pages = pdfPages(await renderReportPdf('pajak', model, malang()));
        if (layout === 'chronological') expectSignedWithTable(pages, 'Jumlah s.d. bulan ini', /Pungutan nomor \d+/, `pajak ${n}`);
        else expectSignedWithTable(pages, 'Jumlah', /PPh/, `recap ${n}`);
      }
    }
  });

  it('LPJ: the cash table’s closing rows, the saldo line and the signatures share a page; a negative prints in brackets', async () => {
    for (let n = 1; n <= 46; n += 5) {
      const spending = Array.from({ length: n }, (_, i) => ({
        accountCode: `5.1.02.01.01.${String(1000 + i).padStart(4, '0')}`, ls: { before: 0, thisMonth: 0 }, up: { before: 0, thisMonth: 100_000 },
      }));
      const model = buildLpjModel({
        ...base, spending, fundsIn: { before: 25_000_000, thisMonth: 0 }, lsIn: { before: 0, thisMonth: 0 }, returns: { before: 0, thisMonth: 0 },
        taxes: {}, closing: 25_000_000 - n * 100_000,
      });
      const pages = pdfPages(await renderReportPdf('lpj', model, malang()));
      expectSignedWithTable(pages, 'Saldo kas bendahara', /Saldo kas/, `lpj ${n}`);
    }
    const overdrawn = buildLpjModel({
      ...base, spending: [{ accountCode: '5.1.02.01.01.0024', ls: { before: 0, thisMonth: 0 }, up: { before: 0, thisMonth: 2_045_000 } }],
      fundsIn: { before: 0, thisMonth: 0 }, lsIn: { before: 0, thisMonth: 0 }, returns: { before: 0, thisMonth: 0 }, taxes: {}, closing: -2_045_000,
    });
    const text = pdfPages(await renderReportPdf('lpj', overdrawn, malang())).map((p) => p.text).join(' ');
    expect(text).toContain('(2.045.000)');
    expect(text).not.toContain('-2.045.000');
  });
});

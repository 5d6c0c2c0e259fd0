import { AppError } from '../../common/errors/app-error';
import { suggestTaxes } from '../../modules/books/tax/tax-rules';
import { defaultDate, monthParams, pageWords, taxesFromForm, taxRows } from './books-view';

const id = (n: number) => n.toLocaleString('id-ID', { maximumFractionDigits: 4 });

describe('the bendahara pages, pure parts', () => {
  it('reads a month from the URL and refuses anything else as missing', () => {
    expect(monthParams('35.73.01.1001', '2026', '3')).toEqual({ kelurahan: '35.73.01.1001', year: 2026, month: 3 });
    expect(monthParams('35.73.01.1001', '2026', '03').month).toBe(3);
    for (const [k, y, m] of [['35.73.01', '2026', '3'], ['35.73.01.1001', '2026', '13'], ['35.73.01.1001', '2026', '0'], ['35.73.01.1001', '26', '1'], ['35.73.01.1001', '2026', 'x']]) {
      expect(() => monthParams(k, y, m)).toThrow(expect.objectContaining({ status: 404 }));
    }
  });

  it('defaults a form date to today in the current month, else to a day inside the month shown', () => {
    const m = { kelurahan: '35.73.01.1001', year: 2026, month: 3 };
    expect(defaultDate(m, '2026-03-17')).toBe('2026-03-17');
    expect(defaultDate(m, '2026-05-02')).toBe('2026-03-31');
    expect(defaultDate(m, '2026-01-10')).toBe('2026-03-01');
    expect(defaultDate({ ...m, month: 2 }, '2026-12-01')).toBe('2026-02-28');
  });

  const base = { date: '2026-03-10', amount: '11.100.000', purchaseKind: 'BARANG' };
  const suggested = suggestTaxes({ date: '2026-03-10', amount: 11_100_000, kind: 'BARANG' });
  const asPosted = (rows = suggested): Record<string, string> => {
    const out: Record<string, string> = { ...base };
    rows.forEach((t, i) => Object.assign(out, { [`tax${i}Type`]: t.type, [`tax${i}Base`]: id(t.base), [`tax${i}Rate`]: id(t.rate), [`tax${i}Amount`]: id(t.amount) }));
    return out;
  };

  it('offers the rule table suggestion as rows, and nothing until amount, date and kind are filled in', () => {
    expect(suggested.length).toBeGreaterThan(0);
    expect(taxRows(base, false).map((r) => [r.type, r.amount])).toEqual(suggested.map((t) => [t.type, id(t.amount)]));
    expect(taxRows({ ...base, amount: '' }, false)).toEqual([]);
    expect(taxRows({ ...base, purchaseKind: 'X' }, false)).toEqual([]);
    expect(taxRows({ ...base, date: '2026-02-30' }, false)).toEqual([]);
  });

  it('takes the suggestion as it is without a reason, and reads Indonesian numbers', () => {
    const r = taxesFromForm(asPosted());
    expect(r.errors).toEqual({});
    expect(r.taxes).toEqual(suggested.map((t) => ({ type: t.type, base: t.base, rate: t.rate, amount: t.amount })));
  });

  it('asks for a reason when a row differs from the suggestion, a tax is added, or a suggested one is left out', () => {
    const changed = asPosted();
    changed.tax0Amount = id(suggested[0].amount - 1);
    expect(taxesFromForm(changed).errors).toEqual({ 'taxes.0.reason': 'Alasan wajib diisi karena pajak diubah dari usulan' });
    const withReason = taxesFromForm({ ...changed, tax0Reason: 'pembulatan kuitansi' });
    expect(withReason.errors).toEqual({});
    expect(withReason.taxes[0]).toEqual({ type: suggested[0].type, base: suggested[0].base, rate: suggested[0].rate, amount: suggested[0].amount - 1, reason: 'pembulatan kuitansi' });

    const added = { ...asPosted(), [`tax${suggested.length}Type`]: 'LAINNYA', [`tax${suggested.length}Base`]: '1.000', [`tax${suggested.length}Rate`]: '10', [`tax${suggested.length}Amount`]: '100' };
    expect(taxesFromForm(added).errors).toEqual({ [`taxes.${suggested.length}.reason`]: 'Alasan wajib diisi untuk pajak di luar usulan' });

    const dropped = asPosted(suggested.slice(1));
    expect(Object.keys(taxesFromForm(dropped).errors)).toEqual(['taxesDroppedReason']);
    expect(taxesFromForm({ ...dropped, taxesDroppedReason: 'penyedia bukan PKP' }).errors).toEqual({});

    const blank = { ...asPosted(), tax0Amount: 'abc' };
    expect(taxesFromForm(blank).errors['taxes.0.amount']).toBe('Jumlah pajak wajib diisi dengan angka');
  });

  it('puts a closed month and a used nomor bukti in the form\'s own words, on their fields', () => {
    const closed = new AppError(409, 'PERIOD_CLOSED', 'Buku bulan Maret 2026 sudah ditutup', [{ field: 'date', message: 'bulan Maret 2026 sudah ditutup (tutup buku)' }]);
    expect(pageWords(closed, { date: 'Tanggal bulan Maret 2026 sudah ditutup (tutup buku)' })).toEqual({ date: 'Bulan ini sudah ditutup' });
    const dup = new AppError(409, 'SPENDING_DUPLICATE_EVIDENCE_NO', 'Nomor bukti 001 sudah dipakai', []);
    expect(pageWords(dup, { _form: 'Nomor bukti 001 sudah dipakai' })).toEqual({ evidenceNo: 'Nomor bukti ini sudah dipakai pada pembayaran lain tahun ini' });
    const other = new AppError(422, 'SPENDING_EXCEEDS_LINE', 'melebihi', [{ field: 'amount', message: 'sisa' }]);
    expect(pageWords(other, { amount: 'Jumlah sisa' })).toEqual({ amount: 'Jumlah sisa' });
  });
});

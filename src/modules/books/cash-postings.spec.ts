import { netOutflow, paymentPostings } from './cash-postings';

const payment = {
  entryId: 'e1', date: '2026-03-02', method: 'BANK' as const, amount: 11_100_000, evidenceNo: '001/TBP', accountCode: '5.1.02.01.01.0024',
  description: 'Belanja ATK', taxes: [{ id: 't1', type: 'PPN', amount: 1_099_999 }, { id: 't2', type: 'PPH22', amount: 150_000 }],
};

describe('paymentPostings', () => {
  it('pays the gross out and takes each tax back in, on the payment account', () => {
    const rows = paymentPostings(payment);
    expect(rows.map((r) => [r.kind, r.account, r.amount, r.taxLineId ?? null])).toEqual([
      ['PAYMENT', 'BANK', -11_100_000, null],
      ['TAX_WITHHELD', 'BANK', 1_099_999, 't1'],
      ['TAX_WITHHELD', 'BANK', 150_000, 't2'],
    ]);
    expect(rows.reduce((s, r) => s + r.amount, 0)).toBe(-netOutflow(payment));
  });
  it('an LS payment comes in and goes out on LS; its taxes stay booked', () => {
    const rows = paymentPostings({ ...payment, method: 'LS' });
    expect(rows.map((r) => [r.kind, r.account, r.amount])).toEqual([
      ['LS_IN', 'LS', 11_100_000], ['PAYMENT', 'LS', -11_100_000], ['TAX_WITHHELD', 'LS', 1_099_999], ['TAX_WITHHELD', 'LS', 150_000],
    ]);
  });
  it('a reversal is the same rows with the opposite sign; a zero tax (PPh 21 gol. II) posts nothing', () => {
    const rows = paymentPostings({ ...payment, amount: -1_000_000, taxes: [{ id: 't3', type: 'PPH21', amount: 0 }] });
    expect(rows.map((r) => [r.kind, r.amount])).toEqual([['PAYMENT', 1_000_000]]);
  });
});

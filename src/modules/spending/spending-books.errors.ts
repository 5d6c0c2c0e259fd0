import { defineErrors } from '../../common/errors/catalogue';

/** The ledger's rules that come with the bendahara's books. */
export const SPENDING_BOOKS_ERRORS = defineErrors({
  SPENDING_DUPLICATE_EVIDENCE_NO: {
    status: 409,
    message: (evidenceNo: string, date: string) => `Nomor bukti ${evidenceNo} sudah dipakai pada entri tanggal ${date} di kelurahan dan tahun ini`,
  },
});

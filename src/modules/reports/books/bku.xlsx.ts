import ExcelJS from 'exceljs';
import type { BkuModel } from './bku.model';

const MONEY = '#,##0;(#,##0)';

/** The BKU as a workbook: the same rows and totals as the PDF, as raw numbers. */
export async function buildBkuXlsx(model: BkuModel, issuedAt: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sistem Informasi Dana Kelurahan';
  wb.created = issuedAt;
  wb.modified = issuedAt;
  const ws = wb.addWorksheet(`BKU ${model.period}`);
  for (const line of model.titleLines) ws.addRow([line]).font = { bold: true };
  ws.addRow([]);
  const header = ws.addRow(['No', 'Tanggal', 'Kode Rekening', 'Uraian', 'Penerimaan', 'Pengeluaran', 'Saldo']);
  header.font = { bold: true };
  ws.columns = [{ width: 6 }, { width: 12 }, { width: 20 }, { width: 60 }, { width: 16 }, { width: 16 }, { width: 16 }];
  ws.addRow(['', '', '', 'Saldo bulan lalu', null, null, model.opening]);
  for (const l of model.lines) ws.addRow([l.no, l.date, l.accountCode, l.description, l.receipt || null, l.payment || null, l.balance]);
  const total = (label: string, f: { receipts: number; payments: number }) => {
    ws.addRow(['', '', '', label, f.receipts, f.payments, null]).font = { bold: true };
  };
  total('Jumlah bulan ini', model.thisMonth);
  total('Jumlah s.d. bulan lalu', model.before);
  total('Jumlah s.d. bulan ini', model.toDate);
  ws.addRow(['', '', '', 'Saldo akhir bulan ini', null, null, model.closing]).font = { bold: true };
  ws.addRow([]);
  ws.addRow(['', '', '', 'Kas terdiri dari: Tunai', null, null, model.composition.tunai]);
  ws.addRow(['', '', '', 'Bank', null, null, model.composition.bank]);
  ws.addRow(['', '', '', 'Pajak atas pembayaran LS', null, null, model.composition.ls]);
  ws.addRow(['', '', '', 'termasuk pajak dipungut belum disetor', null, null, model.composition.taxHeld]);
  for (const c of [5, 6, 7]) ws.getColumn(c).numFmt = MONEY;
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

import ExcelJS from 'exceljs';
import { FLAG_KIND_LABEL, FLAG_STATUS_LABEL } from './flag-labels';
import type { FlagView } from './flags.service';

/** The auditor's workbook: one row per flag, raw figures and ids, filterable in a spreadsheet. */
export async function buildFlagsXlsx(flags: FlagView[], meta: { region: string; year: number }, names: Map<string, string>, issuedAt = new Date()): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sistem Informasi Dana Kelurahan';
  wb.created = issuedAt;
  wb.modified = issuedAt;
  const ws = wb.addWorksheet('Peringatan');
  ws.columns = [
    { header: 'Kode Wilayah', key: 'regionCode', width: 16 },
    { header: 'Kelurahan', key: 'name', width: 24 },
    { header: 'Jenis', key: 'kind', width: 20 },
    { header: 'Keterangan Jenis', key: 'kindLabel', width: 28 },
    { header: 'Uraian', key: 'message', width: 80 },
    { header: 'Status', key: 'status', width: 20 },
    { header: 'Alasan Lurah', key: 'reason', width: 36 },
    { header: 'Catatan Penyelesaian', key: 'resolutionNote', width: 36 },
    { header: 'Diselesaikan', key: 'resolvedAt', width: 22 },
    { header: 'ID Rencana', key: 'planId', width: 38 },
    { header: 'ID Baris', key: 'planLineId', width: 38 },
    { header: 'ID Realisasi', key: 'spendingId', width: 38 },
    { header: 'ID Peringatan', key: 'id', width: 36 },
    { header: 'Rincian (JSON)', key: 'details', width: 60 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const f of flags) {
    ws.addRow({
      regionCode: f.regionCode, name: names.get(f.regionCode) ?? '', kind: f.kind, kindLabel: FLAG_KIND_LABEL[f.kind] ?? f.kind, message: f.message,
      status: FLAG_STATUS_LABEL[f.status], reason: f.reason ?? '', resolutionNote: f.resolutionNote ?? '', resolvedAt: f.resolvedAt ?? '',
      planId: f.planId ?? '', planLineId: f.planLineId ?? '', spendingId: f.spendingId ?? '', id: f.id, details: JSON.stringify(f.details),
    });
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ws.columns.length } };
  const info = wb.addWorksheet('Keterangan');
  info.columns = [{ header: 'Uraian', key: 'k', width: 30 }, { header: 'Nilai', key: 'v', width: 60 }];
  info.addRow({ k: 'Wilayah', v: meta.region || 'Nasional' });
  info.addRow({ k: 'Tahun anggaran', v: meta.year });
  info.addRow({ k: 'Jumlah peringatan', v: flags.length });
  info.addRow({ k: 'Dibuat', v: issuedAt.toISOString() });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

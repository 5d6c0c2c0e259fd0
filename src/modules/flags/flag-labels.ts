import type { FlagKind } from './flags-config';
import type { FlagStatus } from './flags.service';

/** Each kind of flag in words, as a camat or an auditor reads it: on the pages and in the workbook alike. */
export const FLAG_KIND_LABEL: Readonly<Record<FlagKind, string>> = {
  PRICE_ABOVE_CEILING: 'Harga melebihi batas tertinggi',
  PRICE_ABOVE_ESTIMATE: 'Harga di atas estimasi standar',
  PRICE_OUTLIER: 'Harga satuan tidak wajar',
  QUESTIONABLE_USE: 'Penggunaan dipertanyakan',
  DUPLICATE_RECEIPT: 'Bukti ganda',
  SPLIT_PURCHASE: 'Pemecahan pembelian',
  ABSORPTION_LAG: 'Penyerapan tertinggal',
};

export const FLAG_STATUS_LABEL: Readonly<Record<FlagStatus, string>> = { open: 'Terbuka', explained: 'Sudah dijelaskan lurah', resolved: 'Selesai' };

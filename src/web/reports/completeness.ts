import { MONTH_NAMES_ID } from '../../common/format/nip';

export interface CompletenessInput {
  year: number;
  kelurahan: Array<{ code: string; name: string }>;
  closed: Array<{ kelurahanCode: string; month: number }>;
  lpj: Array<{ regionCode: string; period: string; number: string }>;
  evidence: Array<{ kelurahanCode: string; month: number; payments: number; incomplete: number }>;
  now?: Date;
}

export type Mark = 'ok' | 'missing' | 'warning' | 'none' | 'notDue';

export interface CompletenessCell {
  month: number;
  monthName: string;
  /** The month has ended (in WIB), so its books are due. */
  due: boolean;
  closed: boolean;
  lpjNumber: string | null;
  payments: number;
  incomplete: number;
  book: { mark: Mark; text: string };
  lpj: { mark: Mark; text: string };
  proof: { mark: Mark; text: string };
}

export interface CompletenessRow {
  code: string;
  name: string;
  cells: CompletenessCell[];
  /** Months ended and not closed. */
  lateMonths: number;
  /** Months with a payment lacking evidence. */
  incompleteMonths: number;
}

/** The icon of a mark; always beside its words, never the only sign. */
export const MARK_ICON: Record<Mark, string> = { ok: '✓', missing: '✗', warning: '!', none: '–', notDue: '·' };

/** Months of `year` that have ended by `now` (WIB): 12 for a past year, 0 for a future one. */
export function monthsEnded(year: number, now = new Date()): number {
  const wib = new Date(now.getTime() + 7 * 3_600_000);
  const y = wib.getUTCFullYear();
  if (year < y) return 12;
  if (year > y) return 0;
  return wib.getUTCMonth();
}

/** Kelurahan × month: closed or not, LPJ issued or not, evidence missing or not (pure; the figures come from the services). */
export function buildCompleteness(input: CompletenessInput): CompletenessRow[] {
  const ended = monthsEnded(input.year, input.now);
  const closed = new Set(input.closed.map((c) => `${c.kelurahanCode}|${c.month}`));
  const lpj = new Map(input.lpj.map((d) => [`${d.regionCode}|${Number(d.period.slice(1))}`, d.number]));
  const proof = new Map(input.evidence.map((e) => [`${e.kelurahanCode}|${e.month}`, e]));
  return input.kelurahan.map((k) => {
    const cells = MONTH_NAMES_ID.map((monthName, i): CompletenessCell => {
      const month = i + 1;
      const key = `${k.code}|${month}`;
      const due = month <= ended;
      const isClosed = closed.has(key);
      const lpjNumber = lpj.get(key) ?? null;
      const e = proof.get(key);
      const payments = e?.payments ?? 0;
      const incomplete = e?.incomplete ?? 0;
      return {
        month, monthName, due, closed: isClosed, lpjNumber, payments, incomplete,
        book: isClosed ? { mark: 'ok', text: 'Ditutup' } : due ? { mark: 'missing', text: 'Belum ditutup' } : { mark: 'notDue', text: 'Belum berakhir' },
        lpj: lpjNumber ? { mark: 'ok', text: 'LPJ terbit' } : due ? { mark: 'missing', text: 'LPJ belum' } : { mark: 'notDue', text: 'LPJ belum' },
        proof: payments === 0
          ? { mark: 'none', text: 'Tanpa pembayaran' }
          : incomplete === 0
            ? { mark: 'ok', text: 'Bukti lengkap' }
            : { mark: 'warning', text: `Bukti kurang ${incomplete} dari ${payments}` },
      };
    });
    return {
      code: k.code,
      name: k.name,
      cells,
      lateMonths: cells.filter((c) => c.due && !c.closed).length,
      incompleteMonths: cells.filter((c) => c.incomplete > 0).length,
    };
  });
}

/** How a kelurahan kept its monthly closes (tutup buku) of a year, judged against the Pemda's deadline. */
export interface CloseTimeliness {
  kelurahanCode: string;
  deadlineDay: number;
  /** the first month with anything in the cash book: months before it were not in use */
  firstMonth: number;
  /** months from firstMonth whose deadline had passed at asOf */
  due: number[];
  /** due months not closed now (never closed, or reopened and not closed again) */
  notClosed: Array<{ month: number; deadline: string }>;
  /** months closed, but first closed after their deadline */
  closedLate: Array<{ month: number; deadline: string; closedOn: string; daysLate: number }>;
}

export interface MonthCloseState {
  closed: boolean;
  firstClosedAt: Date | null;
}

const WIB_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** The last day on which month `month` of `year` is closed on time (YYYY-MM-DD), and the instant that day ends in WIB. */
export function closeDeadline(year: number, month: number, deadlineDay: number): { date: string; endsAt: Date } {
  const day = Date.UTC(year, month, deadlineDay); // month is 1-based here, so this is month + 1
  return { date: new Date(day).toISOString().slice(0, 10), endsAt: new Date(day + DAY_MS - WIB_MS) };
}

/** Which months were due, which are still open and which were closed late; pure, tested by its table. */
export function judgeCloses(
  kelurahanCode: string, year: number, firstMonth: number, months: Map<number, MonthCloseState>, deadlineDay: number, asOf: Date,
): CloseTimeliness {
  const out: CloseTimeliness = { kelurahanCode, deadlineDay, firstMonth, due: [], notClosed: [], closedLate: [] };
  for (let month = firstMonth; month <= 12; month++) {
    const { date, endsAt } = closeDeadline(year, month, deadlineDay);
    const state = months.get(month);
    const closedAt = state?.closed ? state.firstClosedAt : null;
    if (closedAt && closedAt > endsAt) {
      const closedOn = new Date(closedAt.getTime() + WIB_MS).toISOString().slice(0, 10);
      out.closedLate.push({ month, deadline: date, closedOn, daysLate: Math.round((Date.parse(closedOn) - Date.parse(date)) / DAY_MS) });
    }
    if (asOf <= endsAt) continue;
    out.due.push(month);
    if (!state?.closed) out.notClosed.push({ month, deadline: date });
  }
  return out;
}

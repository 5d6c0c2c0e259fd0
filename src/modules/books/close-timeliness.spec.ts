import { closeDeadline, judgeCloses, MonthCloseState } from './close-timeliness';

const at = (iso: string) => new Date(iso);

describe('month close deadlines', () => {
  it('month M is due by the end of day N (WIB) of month M+1; December rolls into January', () => {
    expect(closeDeadline(2025, 3, 10)).toEqual({ date: '2025-04-10', endsAt: at('2025-04-10T17:00:00Z') });
    expect(closeDeadline(2025, 12, 10)).toEqual({ date: '2026-01-10', endsAt: at('2026-01-10T17:00:00Z') });
  });

  it('counts due months from the first month in use: open ones, late ones, and nothing for closes on time', () => {
    const months = new Map<number, MonthCloseState>([
      [3, { closed: true, firstClosedAt: at('2025-04-10T16:59:59Z') }], // 23:59:59 WIB on the 10th: on time
      [4, { closed: true, firstClosedAt: at('2025-05-13T02:00:00Z') }], // the 13th: 3 days late
      [5, { closed: false, firstClosedAt: at('2025-06-01T02:00:00Z') }], // closed on time once, reopened, not closed again
      [7, { closed: true, firstClosedAt: at('2025-08-01T02:00:00Z') }],
    ]);
    const r = judgeCloses('35.73.01.1001', 2025, 3, months, 10, at('2025-08-20T00:00:00Z'));
    expect(r.due).toEqual([3, 4, 5, 6, 7]);
    expect(r.notClosed).toEqual([{ month: 5, deadline: '2025-06-10' }, { month: 6, deadline: '2025-07-10' }]);
    expect(r.closedLate).toEqual([{ month: 4, deadline: '2025-05-10', closedOn: '2025-05-13', daysLate: 3 }]);
  });

  it('a month not yet due is not counted, but one already closed late stays late', () => {
    const r = judgeCloses('35.73.01.1001', 2025, 1, new Map(), 10, at('2025-02-10T12:00:00Z'));
    expect(r).toMatchObject({ due: [], notClosed: [], closedLate: [] });
    const late = judgeCloses('35.73.01.1001', 2025, 1, new Map([[1, { closed: true, firstClosedAt: at('2025-02-11T03:00:00Z') }]]), 10, at('2025-02-11T04:00:00Z'));
    expect(late.due).toEqual([1]);
    expect(late.closedLate).toEqual([{ month: 1, deadline: '2025-02-10', closedOn: '2025-02-11', daysLate: 1 }]);
  });
});

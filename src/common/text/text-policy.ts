/**
 * What stored text may contain. PostgreSQL cannot store U+0000 at all; the other classes are invisible or reorder
 * what a reader sees (a payee or a region name that displays as something else), so no field accepts them.
 */
export type TextProblem = 'control' | 'bidi' | 'zeroWidth' | 'surrogate' | 'nonCharacter';

// C0 controls but tab, line feed and carriage return; DEL; C1 controls. Matching them is this regex's purpose.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Embedding, override and isolate controls, and the invisible direction marks.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
// Zero-width space, (non-)joiners, word joiner, soft hyphen, byte-order mark used as a character.
const ZERO_WIDTH = /[\u00AD\u180E\u200B-\u200D\u2060-\u2064\uFEFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NON_CHARACTER = /[\uFDD0-\uFDEF\uFFFE\uFFFF]/;

const CHECKS: Array<[TextProblem, RegExp]> = [
  ['control', CONTROL],
  ['bidi', BIDI],
  ['zeroWidth', ZERO_WIDTH],
  ['surrogate', LONE_SURROGATE],
  ['nonCharacter', NON_CHARACTER],
];

/** The first kind of character `text` may not contain, or null when it is clean. */
export function textProblem(text: string): TextProblem | null {
  for (const [problem, re] of CHECKS) if (re.test(text)) return problem;
  return null;
}

const WORDING: Record<TextProblem, string> = {
  control: 'berisi karakter kendali (mis. NUL) yang tidak diperbolehkan',
  bidi: 'berisi karakter pengatur arah teks (kanan-ke-kiri) yang tidak diperbolehkan',
  zeroWidth: 'berisi karakter tak terlihat (lebar nol) yang tidak diperbolehkan',
  surrogate: 'berisi karakter Unicode yang rusak',
  nonCharacter: 'berisi karakter Unicode yang tidak sah',
};

/** "<field> berisi …": the sentence a person reads next to the field. */
export function textProblemMessage(field: string, problem: TextProblem): string {
  return `${field} ${WORDING[problem]}`;
}

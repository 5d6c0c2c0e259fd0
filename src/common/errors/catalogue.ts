import { AppError } from './app-error';

/** Every status a refusal may carry; a code is declared with exactly one of them. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

// A message is fixed text, or a function of the values it names (typed per code, so a call cannot forget one).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the parameter list is inferred per code below
type Message = string | ((...args: any[]) => string);

export interface ErrorSpec {
  readonly status: ErrorStatus;
  /** Bahasa Indonesia, for people */
  readonly message: Message;
}

export type ErrorCatalogue = Readonly<Record<string, ErrorSpec>>;

type ArgsOf<M> = M extends (...args: infer A) => string ? A : [];

export interface ErrorFactory<C extends ErrorCatalogue> {
  /** The declared codes with their status and message, for the code → status table. */
  readonly catalogue: C;
  /** A refusal of this catalogue: `throw PLAN_ERRORS.error('PLAN_NOT_FOUND')`, add details with `.with([...])`. */
  error<K extends keyof C & string>(code: K, ...args: ArgsOf<C[K]['message']>): AppError;
}

/**
 * A module's error catalogue: each code with its HTTP status and its message. Declared once in `<module>.errors.ts`;
 * the global code → status table (src/error-catalogue.ts) is built from every catalogue, so the filter and the
 * thrower can never disagree, and a code declared without a status does not compile.
 */
export function defineErrors<const C extends ErrorCatalogue>(catalogue: C): ErrorFactory<C> {
  return {
    catalogue,
    error(code, ...args) {
      const spec = catalogue[code];
      const message = typeof spec.message === 'function' ? spec.message(...args) : spec.message;
      return new AppError(spec.status, code, message);
    },
  };
}

/** One code → status table from several catalogues; a code declared by two catalogues is a programming error. */
export function statusTable<const Cs extends readonly ErrorFactory<ErrorCatalogue>[]>(
  ...factories: Cs
): Record<CodesOf<Cs>, ErrorStatus> {
  const table: Record<string, ErrorStatus> = {};
  for (const f of factories) {
    for (const [code, spec] of Object.entries(f.catalogue)) {
      if (code in table) throw new Error(`error code ${code} is declared twice`);
      if (!/^[A-Z][A-Z0-9_]*$/.test(code)) throw new Error(`error code ${code} is not UPPER_SNAKE`);
      table[code] = spec.status;
    }
  }
  return table as Record<CodesOf<Cs>, ErrorStatus>;
}

export type CodesOf<Cs extends readonly ErrorFactory<ErrorCatalogue>[]> = {
  [I in keyof Cs]: Cs[I] extends ErrorFactory<infer C> ? keyof C & string : never;
}[number];

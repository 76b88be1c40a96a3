/** The kinds of personal data the guard finds, and one finding's place in the text. */

/** Direct identifiers: each one alone can point at a person; redacted wherever text is stored or sent. */
export const DIRECT_KINDS = ['email', 'card', 'ssn', 'iban', 'ip', 'phone', 'dob', 'address', 'person'] as const;

/**
 * Quasi-identifiers: places, employers, dates, ages, job titles, nationalities, web sites, postcodes. Harmless
 * alone and common in business documents ("shipping to Hawaii"), identifying in combination; found only when asked.
 */
export const QUASI_KINDS = ['location', 'organization', 'date', 'age', 'title', 'nrp', 'url', 'zip'] as const;

export type PiiKind = (typeof DIRECT_KINDS)[number] | (typeof QUASI_KINDS)[number];

export interface PiiFinding {
  kind: PiiKind;
  start: number;
  end: number;
}

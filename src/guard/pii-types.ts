/** The kinds of personal data the guard finds, and one finding's place in the text. */
export type PiiKind = 'email' | 'card' | 'ssn' | 'iban' | 'ip' | 'phone' | 'dob' | 'address' | 'person';

export interface PiiFinding {
  kind: PiiKind;
  start: number;
  end: number;
}

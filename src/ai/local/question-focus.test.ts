import { describe, expect, it } from 'vitest';
import { stem } from '../../lib/terms';
import { answerKinds, focusTerms, kindWeight, questionParts, withoutExclusions } from './question-focus';

const everything = () => true;
const nothing = () => false;

describe('focusTerms', () => {
  it('should find the alternatives of a word the stemmer changes', () => {
    const terms = focusTerms('the handle snapped off', () => true);
    expect(terms.find((slot) => slot[0] === stem('snapped'))).toEqual([stem('snapped'), 'damag', 'broken', 'snap']);
  });

  it('should match a stem with its doubled or single last consonant, as "shipping" and "ships" stem differently', () => {
    expect(focusTerms('do you ship to Canada?', everything)[0]).toEqual(['ship', stem('shipping')]);
    expect(focusTerms('shipping to Canada', everything)[0]).toEqual([stem('shipping'), 'ship']);
  });

  it('should match a stem with and without its silent e, as "charges" and "charge" stem differently', () => {
    expect(focusTerms('what do you charge', everything)[0]).toEqual(['charge', stem('charges')]);
    expect(focusTerms('charged twice', everything)[0]).toEqual([stem('charged'), 'charge']);
  });

  it('should read "every time" as "per" and drop "extra" after "how much"', () => {
    expect(focusTerms('how much extra is charged every time', everything).map((s) => s[0])).toEqual([stem('charged'), 'per']);
  });

  it('should read "25 bucks" as the "$25" a policy writes', () => {
    expect(focusTerms('how many points for 25 bucks off', everything).map((s) => s[0])).toContain('25');
    expect(focusTerms('how many points for 25 bucks off', everything).map((s) => s[0])).not.toContain('buck');
  });

  it('should read everyday spellings and cue words of the answer kind', () => {
    expect(focusTerms('how fast is overnite shipping', everything).map((s) => s[0])).toEqual(['overnight', stem('shipping')]);
  });

  it('should drop chat filler and the pieces contractions split into', () => {
    expect(focusTerms("Yo, what's the deal with import duties on stuff u ship?", everything).map((s) => s[0])).toEqual(['import', 'duty', 'ship']);
  });

  it('should read an unknown term one typo away from a stopword as that stopword', () => {
    expect(focusTerms('how lnog dose the link stay valid', nothing).map((s) => s[0])).toEqual(['link', 'stay', 'valid']);
  });

  it('should keep a term the sources contain even when it is one typo away from a stopword', () => {
    expect(focusTerms('which dose applies', (t) => t === 'dose').map((s) => s[0])).toEqual(['dose', 'apply']);
  });

  it("should drop who asks and when it happened, which the policy does not depend on", () => {
    expect(focusTerms('Customer at [REDACTED:phone] wants to know how long the RMA number stays valid.', everything).map((s) => s[0])).toEqual(['rma', 'number', 'stay', 'valid']);
    expect(focusTerms("my points from last week's order aren't there yet", everything).map((s) => s[0])).toEqual(['point', 'order']);
  });

  it('should give an everyday word the policy word as an alternative', () => {
    expect(focusTerms('items bought in December', everything)).toContainEqual(['bought', 'purchas', 'buy']);
    expect(focusTerms('how long is the link good for', everything).map((s) => s[0])).toEqual(['link', 'valid']);
    expect(focusTerms('will the store hold my order', everything)).toContainEqual(['hold', 'held']);
  });
});

describe('withoutExclusions', () => {
  it('should drop what the question sets aside', () => {
    expect(withoutExclusions('What else do they get besides a refund, and when?')).toBe('What else do they get  , and when?');
  });
});

describe('answerKinds', () => {
  it.each([
    ['How much is overnight shipping?', ['amount']],
    ['how mcuh does it cost', ['amount']],
    ['How lnog is the link valid?', ['duration']],
    ['When is the card charged?', ['time', 'duration']],
    ['How many photos does a claim need?', ['count']],
    ['Can I pay with a gift card?', ['rule']],
    ['Tell me about the recall', []],
    ['What are the support hours?', ['time', 'duration']],
    ['How many hours does it take?', ['duration']],
    ['What is the free shipping threshold?', ['count']],
    ['What is the minimum password length?', ['count']],
  ])('%s', (question, kinds) => {
    expect([...answerKinds(question)].sort()).toEqual([...kinds].sort());
  });
});

describe('kindWeight', () => {
  it('should rank a sentence stating the asked-for kind above one that does not', () => {
    const amount = answerKinds('How much is overnight shipping?');
    expect(kindWeight(amount, 'Overnight | Next business day | $29.95')).toBeGreaterThan(1);
    expect(kindWeight(amount, 'Overnight shipping is not available to PO boxes.')).toBeLessThan(1);
    expect(kindWeight(answerKinds('When is the card charged?'), 'The card is charged when the order ships.')).toBeGreaterThan(1);
    expect(kindWeight(new Set(), 'anything')).toBe(1);
  });

  it('should prefer, for "how many", the number that counts the asked-about thing', () => {
    const question = 'how many photos does a claim need';
    const focus = focusTerms(question, everything);
    const kinds = answerKinds(question);
    expect(kindWeight(kinds, 'at least two photos of the defect', focus)).toBeGreaterThan(kindWeight(kinds, 'The team reviews photos within 2 business days.', focus));
  });
});

describe('questionParts', () => {
  it('should split a two-part question and ask a half that points back with the first half\'s words', () => {
    expect(questionParts('How much is a crown and how many visits are needed?')).toEqual(['How much is a crown', 'how many visits are needed?']);
    expect(questionParts('Do you ship to Canada, and how much is it?')).toEqual(['Do you ship to Canada', 'Do you ship to Canada how much is it?']);
    expect(questionParts('How long is the warranty?')).toEqual(['How long is the warranty?']);
  });
});

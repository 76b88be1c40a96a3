import { describe, expect, it } from 'vitest';
import { detectPii, redactPii, type PiiKind } from './pii';

function kinds(text: string): PiiKind[] {
  return detectPii(text).map((f) => f.kind);
}

function found(text: string): string[] {
  return detectPii(text).map((f) => text.slice(f.start, f.end));
}

describe('detectPii', () => {
  it('should find nothing in ordinary text', () => {
    expect(detectPii('Refunds are issued within 5 business days.')).toEqual([]);
    expect(detectPii('')).toEqual([]);
  });

  it('should detect email addresses with exact offsets', () => {
    const text = 'Mail jane.doe+x@example.co.uk today';
    expect(detectPii(text)).toEqual([{ kind: 'email', start: 5, end: 29 }]);
    expect(found(text)).toEqual(['jane.doe+x@example.co.uk']);
  });

  it('should not include a sentence-ending full stop in an email', () => {
    expect(found('Write to jane@example.com.')).toEqual(['jane@example.com']);
  });

  it('should not flag an address without a domain dot', () => {
    expect(detectPii('user@localhost')).toEqual([]);
  });

  it('should detect phone numbers in common formats', () => {
    expect(found('Call (555) 123-4567 now')).toEqual(['(555) 123-4567']);
    expect(found('Call +1 555-123-4567 now')).toEqual(['+1 555-123-4567']);
    expect(found('Call 555.123.4567 now')).toEqual(['555.123.4567']);
    expect(found('Call 555 123 4567 now')).toEqual(['555 123 4567']);
    expect(kinds('Call 555-123-4567 ext 12')).toEqual(['phone']);
    // A colon after the number ends a list item ("phone 503-555-0147: …"); a colon before digits is a time.
    expect(found('phone 503-555-0147: how long?')).toEqual(['503-555-0147']);
    expect(kinds('open 08:30 to 17:30')).toEqual([]);
  });

  it('should detect a Luhn-valid card number as a card, not a phone', () => {
    expect(detectPii('Card 4111 1111 1111 1111 on file')).toEqual([{ kind: 'card', start: 5, end: 24 }]);
    expect(kinds('4111-1111-1111-1111')).toEqual(['card']);
    expect(kinds('ref 5555555555554444')).toEqual(['card']);
  });

  it('should not flag a Luhn-invalid 16-digit number as a card', () => {
    expect(kinds('Card 4111 1111 1111 1112 on file')).not.toContain('card');
    expect(kinds('Tracking 1234567812345678')).toEqual([]);
  });

  it('should detect a valid SSN and ignore invalid area, group or serial numbers', () => {
    expect(detectPii('SSN 123-45-6789')).toEqual([{ kind: 'ssn', start: 4, end: 15 }]);
    expect(detectPii('SSN 000-12-3456')).toEqual([]);
    expect(detectPii('SSN 666-12-3456')).toEqual([]);
    expect(detectPii('SSN 900-12-3456')).toEqual([]);
    expect(detectPii('SSN 123-00-4567')).toEqual([]);
    expect(detectPii('SSN 123-45-0000')).toEqual([]);
  });

  it('should detect a checksum-valid IBAN and ignore altered check digits', () => {
    expect(found('IBAN GB82 WEST 1234 5698 7654 32 please')).toEqual(['GB82 WEST 1234 5698 7654 32']);
    expect(kinds('IBAN GB82 WEST 1234 5698 7654 32')).toEqual(['iban']);
    expect(kinds('IBAN GB82WEST12345698765432')).toEqual(['iban']);
    expect(kinds('IBAN DE89 3704 0044 0532 0130 00')).toEqual(['iban']);
    expect(detectPii('IBAN GB83 WEST 1234 5698 7654 32')).toEqual([]);
    expect(detectPii('IBAN GB28 WEST 1234 5698 7654 32')).toEqual([]);
  });

  it('should detect IPv4 addresses and reject out-of-range octets', () => {
    expect(found('from 192.168.1.20 today')).toEqual(['192.168.1.20']);
    expect(found('host 10.0.0.1:8080')).toEqual(['10.0.0.1']);
    expect(kinds('at 255.255.255.255')).toEqual(['ip']);
    expect(detectPii('bad 256.1.1.1')).toEqual([]);
    expect(detectPii('bad 999.1.1.1')).toEqual([]);
  });

  it('should not flag order numbers, invoice numbers, dates or times', () => {
    expect(detectPii('Order ORD-1001 placed on 2026-11-22 at 12:30, invoice INV-2026-0042.')).toEqual([]);
  });

  it('should return findings sorted by position without overlaps', () => {
    const text = 'IP 10.1.2.3, mail a.b@example.org, SSN 123-45-6789, card 4111 1111 1111 1111.';
    const findings = detectPii(text);
    expect(findings.map((f) => f.kind)).toEqual(['ip', 'email', 'ssn', 'card']);
    for (let i = 1; i < findings.length; i++) expect(findings[i]!.start).toBeGreaterThanOrEqual(findings[i - 1]!.end);
  });
});

describe('redactPii', () => {
  it('should replace every finding with a typed placeholder and keep the rest verbatim', () => {
    const text =
      'Mail jane.doe+x@example.co.uk or call (555) 123-4567. Card 4111 1111 1111 1111, bad 4111 1111 1111 1112. ' +
      'SSN 123-45-6789 vs 000-12-3456. IBAN GB82 WEST 1234 5698 7654 32 vs GB83 WEST 1234 5698 7654 32. ' +
      'IP 192.168.1.20. Order ORD-1001 on 2026-11-22.';
    const { text: redacted, findings } = redactPii(text);
    expect(redacted).toBe(
      'Mail [REDACTED:email] or call [REDACTED:phone]. Card [REDACTED:card], bad 4111 1111 1111 1112. ' +
        'SSN [REDACTED:ssn] vs 000-12-3456. IBAN [REDACTED:iban] vs GB83 WEST 1234 5698 7654 32. ' +
        'IP [REDACTED:ip]. Order ORD-1001 on 2026-11-22.',
    );
    expect(findings.map((f) => f.kind)).toEqual(['email', 'phone', 'card', 'ssn', 'iban', 'ip']);
  });

  it('should return the text unchanged with no findings when there is nothing to redact', () => {
    const text = 'Order ORD-1001 ships on 2026-11-22.';
    expect(redactPii(text)).toEqual({ text, findings: [] });
  });

  it('should redact PII at the very start and end of the text', () => {
    expect(redactPii('a@b.io').text).toBe('[REDACTED:email]');
    expect(redactPii('123-45-6789 and 10.0.0.1').text).toBe('[REDACTED:ssn] and [REDACTED:ip]');
  });
});

describe('redactPii with trailing tokens', () => {
  it('should still redact a valid IBAN or card followed by another token', () => {
    expect(redactPii('IBAN BE68 5390 0754 7034 EUR').text).toBe('IBAN [REDACTED:iban] EUR');
    expect(redactPii('Card 4111 1111 1111 1111 12/26').text).toBe('Card [REDACTED:card] 12/26');
  });
});

describe('detectPii beyond US formats', () => {
  it.each(['07700 063 966', '(579)888-3058', '0490 75 40 81', '+49 30 1234567', '+41 (0)96 471 07 95', '345-899-3560x4587'])(
    'should detect the phone number %s',
    (phone) => {
      expect(found(`Call ${phone} today`)).toEqual([phone]);
      expect(kinds(`Call ${phone} today`)).toEqual(['phone']);
    },
  );

  it('should detect 12-digit cards with Luhn and lower-case IBANs', () => {
    expect(kinds('Card 411111111117 on file')).toEqual(['card']);
    expect(kinds('Card 411111111116 on file')).toEqual([]);
    expect(kinds('iban gb82west12345698765432 please')).toEqual(['iban']);
    expect(kinds('iban gb83west12345698765432 please')).toEqual([]);
  });

  it('should detect IPv6 addresses but not clock times', () => {
    expect(found('from 2001:db8::8a2e:370:7334 and fe80::1 at 10:30:00')).toEqual(['2001:db8::8a2e:370:7334', 'fe80::1']);
    expect(kinds('full 2001:0db8:85a3:0000:0000:8a2e:0370:7334')).toEqual(['ip']);
  });

  it('should detect dates of birth by their cue, and leave other dates alone', () => {
    expect(found('She was born on 7/30/1964; DOB: 1964-07-30; order shipped 2026-11-22.')).toEqual(['7/30/1964', '1964-07-30']);
  });

  it('should detect person names by cue, by gazetteer and by shape, without their titles', () => {
    expect(found('My name is Ruth Okafor.')).toEqual(['Ruth Okafor']);
    expect(found('Dear Mr. Smith, thanks.')).toEqual(['Smith']);
    expect(found('Tomomi Nishiyama will call back.')).toEqual(['Tomomi Nishiyama']);
    expect(kinds('The Refund Window is 30 days.')).toEqual([]);
  });

  it('should detect street addresses with their city lines', () => {
    expect(found('Send it to 90 Whitchurch Road, Cardiff please')).toEqual(['90 Whitchurch Road, Cardiff']);
    expect(kinds('She lives at Friedhofstrasse 33.')).toEqual(['address']);
    expect(kinds('Write to P.O. Box 242.')).toEqual(['address']);
  });

  it('should find speakers, pairs of surnames and lower-case names typed in chat', () => {
    expect(found('Halldór: What a wife.')).toEqual(['Halldór']);
    expect(found('Lamovec and Usamov were engineers.')).toEqual(['Lamovec', 'Usamov']);
    expect(found('please follow up with patricia desrosiers soon')).toEqual(['patricia desrosiers']);
    expect(found("What's your last name? Magnusson")).toEqual(['Magnusson']);
    expect(found('"The market is moving," says Bergqvist.')).toEqual(['Bergqvist']);
    expect(found("Her maiden name is Chmielewski")).toEqual(['Chmielewski']);
    expect(found('Mehrudin shouted at the door.')).toEqual(['Mehrudin']);
    expect(found("I'm Shovda's daughter.")).toEqual(['Shovda']);
    expect(found('tracy: who are you?')).toEqual(['tracy']);
    // What a policy says is not a person, nor is a company's address.
    expect(kinds('The policy says Refunds take 5 days; see Northwind\'s address below.')).toEqual([]);
    // Places joined by "and" are not people.
    expect(kinds('Standard shipping to Alaska and Hawaii takes longer.')).toEqual([]);
  });

  it('should leave quasi-identifiers alone unless asked', () => {
    const text = 'Mr. Pálffy is a 19 year old man who grew up in Kenosha and works for Aunt Bertha Inc since 2017.';
    expect(kinds(text)).toEqual(['person']);
    const quasi = detectPii(text, { quasi: true }).map((f) => `${f.kind}:${text.slice(f.start, f.end)}`);
    expect(quasi).toEqual(['title:Mr.', 'person:Pálffy', 'age:19', 'location:Kenosha', 'organization:Aunt Bertha Inc', 'date:2017']);
  });

  it('should find countries, peoples, web sites, postcodes and dated events as quasi-identifiers', () => {
    const quasi = (text: string) => detectPii(text, { quasi: true }).map((f) => `${f.kind}:${text.slice(f.start, f.end)}`);
    expect(quasi('I am Cambodian but I live in Czech Republic.')).toEqual(['nrp:Cambodian', 'location:Czech Republic']);
    expect(quasi('My website is https://www.ArtistMovie.se/ and my zip code is 35350')).toEqual([
      'url:https://www.ArtistMovie.se/',
      'zip:35350',
    ]);
    expect(quasi('When: 2000-04-16 11:34:35, we flew to LEPPEN on Tuesday morning.')).toEqual([
      'date:2000-04-16 11:34:35',
      'location:LEPPEN',
      'date:Tuesday morning',
    ]);
  });

  it('should find organisations by company word, partnership shape, employment cue or what is said of them', () => {
    const orgs = (text: string) => detectPii(text, { quasi: true }).filter((f) => f.kind === 'organization').map((f) => text.slice(f.start, f.end));
    expect(orgs('Verdafero is the brainchild of our founders.')).toEqual(['Verdafero']);
    expect(orgs('The Exversion Orchestra was founded in 1977.')).toEqual(['Exversion Orchestra']);
    expect(orgs('Tomomi is from Hawkins, Richardson and Santana.')).toEqual(['Hawkins, Richardson and Santana']);
    expect(orgs('I work for Allstate Insurance Group now.')).toEqual(['Allstate Insurance Group']);
    expect(orgs('Our retail stores in Portland, Denver and Burlington open at nine.')).toEqual([]);
    expect(orgs('We ship outside the United States. International orders ship from Sparks.')).toEqual([]);
  });

  it('should not take codes, amounts or ordinary capitalised words for quasi-identifiers', () => {
    const quiet = 'Refund ORD-1006 by $40.00 within 30 days; reason code PR-PRICE. What to Collect: the receipt.';
    expect(detectPii(quiet, { quasi: true })).toEqual([]);
  });

  it('should keep the kinds a caller asks it to keep', () => {
    expect(redactPii('Visit 2875 Larimer Street, Denver or mail a@b.io', { keep: ['address'] }).text).toBe(
      'Visit 2875 Larimer Street, Denver or mail [REDACTED:email]',
    );
  });
});

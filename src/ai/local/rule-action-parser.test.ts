import { describe, expect, it } from 'vitest';
import { proposalOutputSchema } from '../../actions/proposal-prompt';
import { actionDefinition } from '../../actions/registry';
import { formatQuestion, formatSources } from '../../rag/prompt-format';
import { generateProposal, parseRequest } from './rule-action-parser';

type Expected =
  | { action: string; params: Record<string, unknown>; inferred?: boolean }
  | { needs: string; missing: string[]; params?: Record<string, unknown> }
  | null;

const refund = (orderId: string, amountUsd: number, inferred?: boolean): Expected => ({ action: 'issue_refund', params: { orderId, amountUsd }, inferred });
const reply = (ticketId: string, message: string): Expected => ({ action: 'send_reply', params: { ticketId, message } });
const escalate = (ticketId: string, level: string, inferred?: boolean): Expected => ({ action: 'escalate', params: { ticketId, level }, inferred });
const update = (params: Record<string, unknown>, inferred?: boolean): Expected => ({ action: 'update_ticket', params, inferred });

const TABLE: readonly [string, Expected][] = [
  // Amounts, written every way people write them.
  ['Please issue a refund of $18.50 on ORD-1002', refund('ORD-1002', 18.5)],
  ['issue a refund of 18.50 US dollars on ORD-1002', refund('ORD-1002', 18.5)],
  ['Please refund 18.50 USD on order ORD-1002', refund('ORD-1002', 18.5)],
  ['Refund USD 18.50 on ORD-1002.', refund('ORD-1002', 18.5)],
  ['refund 18.50 dollars on ORD-1002', refund('ORD-1002', 18.5)],
  ['Refund 18 dollars 50 on ORD-1002, the lid was dented.', refund('ORD-1002', 18.5)],
  ['refund 18 dollars and 50 cents for ord 1002', refund('ORD-1002', 18.5)],
  ['Refund US$18.50 to ORD-1002', refund('ORD-1002', 18.5)],
  ['refund $ 1,250.00 on ORD-1001', refund('ORD-1001', 1250)],
  ['Refund eighteen dollars fifty on ORD-1002', refund('ORD-1002', 18.5)],
  ['give them twenty bucks back on ORD-1004', refund('ORD-1004', 20)],
  ['Refund 50 cents on ORD-1002, rounding error at checkout.', refund('ORD-1002', 0.5)],
  ['refund 18.50 on ORD-1002', refund('ORD-1002', 18.5, true)],
  // Verbs and idioms for a refund.
  ['Reimburse the customer $12 on ORD-1003 for the late delivery.', refund('ORD-1003', 12)],
  ['The customer on ORD-1002 wants their money back: 18.50 dollars.', refund('ORD-1002', 18.5)],
  ['Credit $7.95 back to the customer on ORD-1006, shipping was charged twice.', refund('ORD-1006', 7.95)],
  ['Return the money for ORD-1002, $18.50.', refund('ORD-1002', 18.5)],
  ['Pay the customer back $77.90 on ORD-1002.', refund('ORD-1002', 77.9)],
  ['Reverse the charge of $54.95 on ORD-1006.', refund('ORD-1006', 54.95)],
  ['Could you refund $40 on ORD-1007?', refund('ORD-1007', 40)],
  ['Can we refund $15 on ORD-1005?', refund('ORD-1005', 15)],
  ['Customer paid $89.90 for ORD-1004; refund $40 of it.', refund('ORD-1004', 40, true)],
  ['Give the customer on ORD-1007 a $40.00 partial refund for a cosmetic scuff.', refund('ORD-1007', 40)],
  // Ids in any case and spacing.
  ['refund $10 on ord 1002', refund('ORD-1002', 10)],
  ['refund $10 on order #1002', refund('ORD-1002', 10)],
  ['refund $10 on ord-1002', refund('ORD-1002', 10)],
  ['refund $10 on Order No. 1002', refund('ORD-1002', 10)],
  ['refund $10 on ORD1002', refund('ORD-1002', 10)],
  ['refund $10 on #1002', refund('ORD-1002', 10, true)],
  // Replies.
  ['Reply to TCK-2003 and tell the customer that tracking can take up to 24 hours.', reply('TCK-2003', 'Tracking can take up to 24 hours.')],
  ['Answer tck 2004: through-axle frames need the adapter kit.', reply('TCK-2004', 'Through-axle frames need the adapter kit.')],
  ['Tell the customer on ticket #2001 that the replacement pole ships Monday.', reply('TCK-2001', 'The replacement pole ships Monday.')],
  ['Let the customer on TCK-2009 know points arrive 14 days after shipping.', reply('TCK-2009', 'Points arrive 14 days after shipping.')],
  ['respond on tck-2007 saying "Please send two photos of the zipper."', reply('TCK-2007', 'Please send two photos of the zipper.')],
  ['Send the customer on ticket TCK-2004 a message saying the adapter kit is NW-BK-TA12.', reply('TCK-2004', 'The adapter kit is NW-BK-TA12.')],
  ['Email the customer on TCK-2002 that their recall refund is on its way.', reply('TCK-2002', 'Their recall refund is on its way.')],
  ['Please write back on TCK-2011 with the new delivery date of May 3.', reply('TCK-2011', 'The new delivery date of May 3.')],
  ["Tell TCK-2002's customer we're sending a replacement stove.", reply('TCK-2002', "We're sending a replacement stove.")],
  ['Could you let the customer know on ticket 2010 that we received the photos?', reply('TCK-2010', 'We received the photos.')],
  // Escalations.
  ['Escalate TCK-2002 to L3. The customer burned their hand.', escalate('TCK-2002', 'L3')],
  ['escalate ticket 2010 to l2', escalate('TCK-2010', 'L2')],
  ['Hand TCK-2008 over to L2, the refund is above my approval limit.', escalate('TCK-2008', 'L2')],
  ['Bump tck-2005 up to tier 3.', escalate('TCK-2005', 'L3')],
  ['Pass TCK-2012 on to the second line please.', escalate('TCK-2012', 'L2')],
  ['Get a manager on TCK-2010, the customer mentions a lawyer.', escalate('TCK-2010', 'L3', true)],
  ['The customer on TCK-2012 wants a supervisor, hand it over.', escalate('TCK-2012', 'L2', true)],
  ['Escalate TCK-2001 from L2 to L3.', escalate('TCK-2001', 'L3', true)],
  ['TCK-2010 needs to go to L3, the customer reports a burn.', escalate('TCK-2010', 'L3')],
  // Ticket updates.
  ['Close TCK-2009.', update({ ticketId: 'TCK-2009', status: 'closed' })],
  ['close ticket 2009 please', update({ ticketId: 'TCK-2009', status: 'closed' })],
  ['Mark ticket TCK-2009 as resolved.', update({ ticketId: 'TCK-2009', status: 'resolved' })],
  ['Reopen tck2003, the customer wrote again.', update({ ticketId: 'TCK-2003', status: 'open' })],
  ['Put TCK-2001 on hold until the photos arrive.', update({ ticketId: 'TCK-2001', status: 'pending' })],
  ['Change the priority of TCK-2006 to P2.', update({ ticketId: 'TCK-2006', priority: 'P2' })],
  ['TCK-2005: set the status to resolved and lower the priority to P4.', update({ ticketId: 'TCK-2005', status: 'resolved', priority: 'P4' })],
  ['Update the ticket TCK-2004 to pending.', update({ ticketId: 'TCK-2004', status: 'pending' })],
  ['mark TCK-2001 done', update({ ticketId: 'TCK-2001', status: 'resolved' })],
  ['Make TCK-2004 urgent.', update({ ticketId: 'TCK-2004', priority: 'P1' }, true)],
  ['set ticket 2006 to high priority', update({ ticketId: 'TCK-2006', priority: 'P2' }, true)],
  ['Update TCK-2004 to pending.', update({ ticketId: 'TCK-2004', status: 'pending' })],
  ['TCK-2012 can be closed now.', update({ ticketId: 'TCK-2012', status: 'closed' })],
  // A clear request with a parameter missing or ambiguous: ask for it.
  ['The customer wants their money back, 18.50 dollars.', { needs: 'issue_refund', missing: ['orderId'], params: { amountUsd: 18.5 } }],
  ['Refund ORD-1003 please.', { needs: 'issue_refund', missing: ['amountUsd'], params: { orderId: 'ORD-1003' } }],
  ['Issue a full refund on ORD-1004.', { needs: 'issue_refund', missing: ['amountUsd'] }],
  ['I want a refund.', { needs: 'issue_refund', missing: ['orderId', 'amountUsd'] }],
  ['Refund $5 on ORD-1002 or ORD-1003.', { needs: 'issue_refund', missing: ['orderId'], params: { amountUsd: 5 } }],
  ['refund $5 or $10 on ORD-1002', { needs: 'issue_refund', missing: ['amountUsd'], params: { orderId: 'ORD-1002' } }],
  ['Refund €20 on ORD-1002.', { needs: 'issue_refund', missing: ['amountUsd'] }],
  ['Refund $5 on TCK-2001.', { needs: 'issue_refund', missing: ['orderId'] }],
  ['Refund $0 on ORD-1002.', { needs: 'issue_refund', missing: ['amountUsd'] }],
  ['Refund ORD-1002 $1,000,000.', { needs: 'issue_refund', missing: ['amountUsd'], params: { orderId: 'ORD-1002' } }],
  ['escalate TCK-2001 and TCK-2002 to L2', { needs: 'escalate', missing: ['ticketId'], params: { level: 'L2' } }],
  ['Reply to TCK-2001.', { needs: 'send_reply', missing: ['message'], params: { ticketId: 'TCK-2001' } }],
  ['Tell the customer that their order shipped.', { needs: 'send_reply', missing: ['ticketId'] }],
  ['Escalate TCK-2001.', { needs: 'escalate', missing: ['level'], params: { ticketId: 'TCK-2001' } }],
  ['Please escalate this to L2.', { needs: 'escalate', missing: ['ticketId'], params: { level: 'L2' } }],
  ['Escalate TCK-2001 to L1.', { needs: 'escalate', missing: ['level'] }],
  ['Update the ticket TCK-2004.', { needs: 'update_ticket', missing: ['status', 'priority'], params: { ticketId: 'TCK-2004' } }],
  ['Raise the priority on TCK-2004.', { needs: 'update_ticket', missing: ['priority'] }],
  ['Close the ticket.', { needs: 'update_ticket', missing: ['ticketId'], params: { status: 'closed' } }],
  // Not requests for an action: questions, policy talk, negations, reports of the past.
  ['What is the refund policy?', null],
  ['How long do refunds take to reach the card?', null],
  ['Is ORD-1002 eligible for a refund?', null],
  ['Can customers get their money back after 30 days?', null],
  ['Our refund policy allows 30 days from delivery.', null],
  ['How do I escalate a ticket to L2?', null],
  ['Could you tell me how to escalate to L3?', null],
  ['When should a ticket be closed?', null],
  ['What is the first response target for a P2 ticket?', null],
  ['Which macro do I use when I approve a price match?', null],
  ['Do we refund shipping costs on returns?', null],
  ['The customer already got a refund for ORD-1002.', null],
  ['We refunded ORD-1002 yesterday.', null],
  ["Don't escalate TCK-2001 yet.", null],
  ['Do not refund ORD-1002, the item was used.', null],
  ['Tell me the return window for tents.', null],
  ['What does the refund approval limit for team leads look like?', null],
  ['The Denver store closes at 8 pm.', null],
  ['How much can a team lead refund without Finance?', null],
  ['Who handles escalations to L3?', null],
  ['Can you check whether ORD-1004 qualifies for a refund?', null],
  ['Is ORD-1002 eligible for a refund', null],
  ['Has TCK-2003 been escalated?', null],
];

describe('parseRequest', () => {
  it('should hold at least 60 phrasings, negatives included', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60);
    expect(TABLE.filter(([, e]) => e === null).length).toBeGreaterThanOrEqual(15);
  });

  it.each(TABLE)('%s', (request, expected) => {
    const parsed = parseRequest(request);
    if (expected === null) {
      expect(parsed).toBeNull();
    } else if ('action' in expected) {
      expect(parsed).toMatchObject({ kind: 'action', action: { type: expected.action, params: expected.params } });
      // Inferred values must not reach the 0.8 auto-commit bar of the low-risk actions.
      if (parsed?.kind === 'action') expect(parsed.confidence >= 0.8).toBe(!expected.inferred);
    } else {
      expect(parsed).toMatchObject({ kind: 'needs_input', needsInput: { action: expected.needs, missing: expected.missing, params: expected.params ?? {} } });
      if (parsed?.kind === 'needs_input') expect(parsed.needsInput.question).toMatch(/\?|\.$/);
    }
  });

  it('should name only real params of the action as missing', () => {
    for (const [request, expected] of TABLE) {
      const parsed = parseRequest(request);
      if (!expected || !('needs' in expected) || parsed?.kind !== 'needs_input') continue;
      const shape = Object.keys((actionDefinition(parsed.needsInput.action)!.params as unknown as { shape: object }).shape);
      for (const name of parsed.needsInput.missing) expect(shape).toContain(name);
    }
  });
});

describe('generateProposal', () => {
  const prompt = (request: string) => `${formatSources([{ n: 1, title: 'Refunds', section: null, text: 'Refunds are issued within 5 business days of approval.' }])}\n\n${formatQuestion(request)}`;

  it('should emit output the proposal schema accepts, for an action, a needs-input and a question', () => {
    const action = proposalOutputSchema.parse(generateProposal(prompt('Refund $18.50 on ORD-1002.')));
    expect(action.action).toMatchObject({ type: 'issue_refund' });
    expect(action.needsInput).toBeNull();

    const needs = proposalOutputSchema.parse(generateProposal(prompt('Refund ORD-1002.')));
    expect(needs.action).toBeNull();
    expect(needs.needsInput).toMatchObject({ action: 'issue_refund', missing: ['amountUsd'], params: { orderId: 'ORD-1002' } });
    expect(needs.needsInput!.question).toContain('ORD-1002');

    const answer = proposalOutputSchema.parse(generateProposal(prompt('Within how many business days are refunds issued?')));
    expect(answer.action).toBeNull();
    expect(answer.needsInput).toBeNull();
    expect(answer.answer).toContain('5 business days');
  });
});

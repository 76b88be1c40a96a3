/**
 * Deterministic synthetic support text for the benchmarks: a seeded PRNG, support-desk sentences, and ~N-byte
 * markdown documents built from them. Pure; the same seed always gives the same text.
 */

/** mulberry32: a small seeded PRNG, so every run generates the same texts. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const W = {
  who: ['A customer', 'The buyer', 'A member', 'Our client', 'A first-time shopper', 'A business account', 'The subscriber', 'A returning customer'],
  verb: ['reported', 'asked about', 'complained about', 'requested help with', 'wants to escalate', 'cannot resolve', 'followed up on', 'disputed'],
  issue: ['a late delivery', 'a damaged parcel', 'a missing refund', 'a double charge', 'a broken zipper', 'a password reset', 'an expired coupon',
    'a warranty claim', 'a wrong size', 'a cancelled subscription', 'a locked account', 'an invoice error', 'a lost package', 'a faulty charger'],
  product: ['hiking boots', 'rain jacket', 'tent', 'sleeping bag', 'headlamp', 'water filter', 'backpack', 'trekking poles', 'camp stove',
    'fleece hoodie', 'kayak paddle', 'climbing harness', 'cooler', 'trail shoes', 'gift card', 'smart watch'],
  channel: ['by email', 'over chat', 'by phone', 'through the portal', 'on social media', 'in store'],
  time: ['within 14 days', 'after 30 days', 'the same day', 'during the holiday rush', 'before the warranty expired', 'last week', 'twice this month'],
  action: ['Agents should verify the order number', 'Escalate to a team lead', 'Offer store credit', 'Issue a partial refund', 'Send a prepaid return label',
    'Reset the two-factor device', 'Open a carrier trace', 'Apply the loyalty discount', 'Check the fraud queue', 'Confirm the shipping address'],
  tail: ['and log the reason code.', 'before closing the ticket.', 'if the amount is under $200.', 'unless the item was used.', 'and notify billing.',
    'per the returns policy.', 'within one business day.', 'and attach photos.'],
};

/** One or two generated support-desk sentences. */
export function sentence(rand: () => number): string {
  const pick = (xs: readonly string[]) => xs[Math.floor(rand() * xs.length)]!;
  const order = 10000 + Math.floor(rand() * 90000);
  const text = `${pick(W.who)} ${pick(W.verb)} ${pick(W.issue)} on the ${pick(W.product)} ${pick(W.channel)} ${pick(W.time)} (order ${order}). ${pick(W.action)} ${pick(W.tail)}`;
  return rand() < 0.5 ? `${text} ${pick(W.action)} ${pick(W.tail)}` : text;
}

/** A markdown document of at least `targetBytes` UTF-8 bytes: a title, `##` sections, paragraphs of 3–6 sentences. */
export function markdownDocument(seed: number, index: number, targetBytes: number): { title: string; text: string } {
  const rand = prng(seed ^ Math.imul(index + 1, 0x9e3779b1));
  const title = `Bench handbook page ${index + 1} (${seed.toString(16)})`;
  const parts = [`# ${title}\n\nGenerated support-desk notes for the service benchmark, page ${index + 1}.\n`];
  let bytes = Buffer.byteLength(parts[0]!);
  for (let section = 1; bytes < targetBytes; section++) {
    let block = `\n## Section ${section}\n`;
    for (let p = 0; p < 3; p++) {
      const n = 3 + Math.floor(rand() * 4);
      block += `\n${Array.from({ length: n }, () => sentence(rand)).join(' ')}\n`;
    }
    parts.push(block);
    bytes += Buffer.byteLength(block);
  }
  return { title, text: parts.join('') };
}

/** ~1.56 KB abstracts: a title and 6–14 generated sentences, sizes spread like real abstracts. */
export function abstractCorpus(n: number, seed: number): { title: string; text: string; source: string; groups: string[] }[] {
  const rand = prng(seed);
  const items: { title: string; text: string; source: string; groups: string[] }[] = [];
  for (let i = 0; i < n - 3; i++) {
    const target = 700 + Math.floor(rand() * 1700);
    let text = '';
    while (text.length < target) text += `${sentence(rand)} `;
    items.push({ title: `Abstract ${i + 1}: ${sentence(rand).split(' ').slice(0, 8).join(' ')}`, text: text.trim(), source: `gen-${seed}-${i}`, groups: ['*'] });
  }
  items.push({
    title: 'Contents of a handbook',
    text: 'CONTENTS\nPHENYLALANINE TOXICITY 158\nTyrosine in the neonate . . . . . . . . . . . . 160\nDietary management . . . . . . . . . . . . 171\nIndex . . . . . . . . . . . . 201',
    source: `gen-${seed}-toc`,
    groups: ['*'],
  });
  items.push({ title: 'A blank page', text: '   \n\t ', source: `gen-${seed}-blank`, groups: ['*'] });
  items.push({ title: 'A binary blob', text: '\u0000\u0001PK\u0003\u0004\ufffd'.repeat(200), source: `gen-${seed}-binary`, groups: ['*'] });
  return items;
}

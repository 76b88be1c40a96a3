/** A Bloom filter over strings: a compact "probably in the set" for word lists too large to ship whole. */
import { fnv1a } from '../lib/hash';

export interface BloomData {
  bits: number;
  hashes: number;
  /** Base64 of the bit array. */
  data: string;
}

function positions(word: string, bits: number, hashes: number): number[] {
  const a = fnv1a(word, 0x811c9dc5);
  const b = fnv1a(word, 0x9747b28c) | 1;
  return Array.from({ length: hashes }, (_, i) => ((a + Math.imul(i, b)) >>> 0) % bits);
}

export function buildBloom(words: Iterable<string>, bits: number, hashes: number): BloomData {
  const array = new Uint8Array(Math.ceil(bits / 8));
  for (const w of words) for (const p of positions(w, bits, hashes)) array[p >> 3]! |= 1 << (p & 7);
  let bin = '';
  for (const byte of array) bin += String.fromCharCode(byte);
  return { bits, hashes, data: btoa(bin) };
}

export function bloomHas(bloom: BloomData): (word: string) => boolean {
  const bin = atob(bloom.data);
  const array = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return (word) => positions(word, bloom.bits, bloom.hashes).every((p) => (array[p >> 3]! & (1 << (p & 7))) !== 0);
}

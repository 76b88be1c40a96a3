/** Compact storage form for vectors: little-endian float32 bytes as base64 (≈2.7 KB for 512 dims, vs ≈10 KB of JSON). */

import { Buffer } from 'node:buffer';

export function encodeVector(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(Float32Array.from(values).buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Decodes one stored vector into `target` at `offset` (native base64, no intermediate arrays); a vector of another
 * length is refused rather than written across its neighbours.
 */
export function decodeVectorInto(target: Buffer, offset: number, byteLength: number, encoded: string): void {
  const length = Buffer.byteLength(encoded, 'base64');
  if (length !== byteLength) throw new Error(`a stored vector has ${length / 4} dimensions; the index expects ${byteLength / 4}`);
  target.write(encoded, offset, byteLength, 'base64');
}

export function decodeVector(encoded: string): Float32Array {
  const binary = atob(encoded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

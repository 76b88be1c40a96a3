import { describe, expect, it } from 'vitest';
import { Buffer } from 'node:buffer';
import { decodeVector, decodeVectorInto, encodeVector } from './vector-codec';

describe('encodeVector / decodeVector', () => {
  it('should roundtrip float32 values exactly', () => {
    const values = [0, -0, 1, -1, 0.5, Math.fround(0.1), Math.fround(-3.14159), 3.4028234663852886e38, 1.401298464324817e-45];
    const decoded = decodeVector(encodeVector(values));
    expect(decoded).toBeInstanceOf(Float32Array);
    expect(Array.from(decoded)).toEqual(values);
    expect(Object.is(decoded[1], -0)).toBe(true);
  });

  it('should round float64 input to the nearest float32', () => {
    expect(Array.from(decodeVector(encodeVector([0.1, 1 / 3])))).toEqual([Math.fround(0.1), Math.fround(1 / 3)]);
  });

  it('should encode as little-endian float32 bytes in base64', () => {
    expect(encodeVector([1])).toBe('AACAPw==');
    expect(encodeVector([1, -2])).toBe('AACAPwAAAMA=');
    expect(encodeVector([])).toBe('');
  });

  it('should use four bytes per value', () => {
    expect(atob(encodeVector(new Float32Array(512))).length).toBe(2048);
  });

  it('should roundtrip an empty vector', () => {
    expect(Array.from(decodeVector(encodeVector([])))).toEqual([]);
  });

  it('should roundtrip vectors longer than one encoding block', () => {
    const values = Float32Array.from({ length: 10_000 }, (_, i) => Math.sin(i) * 1000);
    const decoded = decodeVector(encodeVector(values));
    expect(decoded.length).toBe(10_000);
    expect(decoded).toEqual(values);
  });

  it('should preserve special float values', () => {
    const decoded = decodeVector(encodeVector([Infinity, -Infinity, NaN]));
    expect(decoded[0]).toBe(Infinity);
    expect(decoded[1]).toBe(-Infinity);
    expect(Number.isNaN(decoded[2])).toBe(true);
  });
});

describe('decodeVectorInto', () => {
  it('should decode stored vectors side by side into one buffer', () => {
    const matrix = new Float32Array(6);
    const bytes = Buffer.from(matrix.buffer);
    decodeVectorInto(bytes, 0, 12, encodeVector([1, 2, 3]));
    decodeVectorInto(bytes, 12, 12, encodeVector([-0.5, 0.25, 8]));
    expect(Array.from(matrix)).toEqual([1, 2, 3, -0.5, 0.25, 8]);
  });

  it('should refuse a vector of another length instead of spilling into its neighbour', () => {
    const bytes = Buffer.alloc(24);
    expect(() => decodeVectorInto(bytes, 0, 12, encodeVector([1, 2, 3, 4]))).toThrow(/4 dimensions; the index expects 3/);
    expect(bytes.readFloatLE(12)).toBe(0);
  });
});

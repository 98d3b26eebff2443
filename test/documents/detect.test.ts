import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { detectMediaType, refusalMessage } from '../../src/documents/index.ts';
import { JPEG, LIARS, PNG, pdf } from './samples.ts';

describe('detectMediaType: by magic bytes only', () => {
  it('accepts a real PDF, PNG and JPEG', () => {
    assert.deepEqual(detectMediaType(pdf()), { ok: true, mediaType: 'application/pdf' });
    assert.deepEqual(detectMediaType(PNG), { ok: true, mediaType: 'image/png' });
    assert.deepEqual(detectMediaType(JPEG), { ok: true, mediaType: 'image/jpeg' });
  });

  it('accepts bytes inside a larger buffer (a subarray view)', () => {
    const outer = Buffer.concat([Buffer.from('junk'), PNG, Buffer.from('junk')]);
    assert.deepEqual(detectMediaType(outer.subarray(4, 4 + PNG.length)), {
      ok: true,
      mediaType: 'image/png',
    });
  });

  it('refuses an executable, HTML, SVG and ZIP whatever they are called', () => {
    for (const [name, bytes] of Object.entries({
      exe: LIARS.exe,
      html: LIARS.html,
      svg: LIARS.svg,
      zip: LIARS.zip,
    })) {
      assert.deepEqual(detectMediaType(bytes), { ok: false, reason: 'type-not-allowed' }, name);
    }
  });

  it('refuses a PDF header at offset 1 (a prefix smuggled before it)', () => {
    assert.deepEqual(detectMediaType(LIARS.pdfAtOffset1), { ok: false, reason: 'type-not-allowed' });
  });

  it('refuses an empty file', () => {
    assert.deepEqual(detectMediaType(LIARS.empty), { ok: false, reason: 'empty' });
  });

  it('refuses truncated files of the accepted types', () => {
    assert.deepEqual(detectMediaType(LIARS.truncatedPdf), { ok: false, reason: 'truncated' });
    assert.deepEqual(detectMediaType(PNG.subarray(0, PNG.length - 12)), { ok: false, reason: 'truncated' });
    assert.deepEqual(detectMediaType(PNG.subarray(0, 8)), { ok: false, reason: 'truncated' });
    assert.deepEqual(detectMediaType(JPEG.subarray(0, JPEG.length - 2)), { ok: false, reason: 'truncated' });
    assert.deepEqual(detectMediaType(JPEG.subarray(0, 3)), { ok: false, reason: 'truncated' });
  });

  it('refuses a PNG signature whose first chunk is not IHDR', () => {
    const bad = Buffer.from(PNG);
    bad.write('IDAT', 12, 'latin1');
    assert.deepEqual(detectMediaType(bad), { ok: false, reason: 'truncated' });
  });

  it('explains every refusal in both languages, naming the field file', () => {
    for (const reason of ['empty', 'truncated', 'type-not-allowed'] as const) {
      const message = refusalMessage(reason);
      assert.match(message.zh, /file/);
      assert.match(message.en, /file/);
    }
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const result = detectMediaType(bytes);
        return typeof result.ok === 'boolean';
      }),
    );
  });
});

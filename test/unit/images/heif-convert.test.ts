import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createImageProcessor } from '../../../src/services/images';
import { createHeifConvertDecoder, findHeifConvert } from '../../../src/services/images/heif-convert';
import { replaceJpegMetadata } from '../../../src/services/images/jpeg-segments';
import { DEFAULT_LIMITS, twoToneImage } from './image-helpers';

const EXPECTED = { width: 64, height: 48, maxPixels: 60_000_000 };

/**
 * Stand-ins for heif-convert, called as it is (`--quiet -q 100 <in> <out>`): shell scripts, so the
 * decoder's process handling (timeout, exit codes, temp dir) is tested without a real HEIC.
 */
function fakeTool(dir: string, name: string, script: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('the heif-convert HEIC decoder', () => {
  let work: string;
  let tmpRoot: string;
  let jpeg: Buffer;

  beforeAll(async () => {
    jpeg = await twoToneImage(64, 48).jpeg().toBuffer();
  });

  beforeEach(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'heif-convert-test-'));
    tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'heif-convert-root-'));
    writeFileSync(path.join(work, 'picture.jpg'), jpeg);
  });

  afterEach(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(tmpRoot, { recursive: true, force: true });
  });

  it('when the tool is in one of the directories, then it is found by absolute path; when not, then the wasm fallback is left', () => {
    fakeTool(work, 'heif-convert', 'exit 0');

    expect(findHeifConvert(['/nonexistent', work])).toBe(path.join(work, 'heif-convert'));
    expect(findHeifConvert(['/nonexistent'])).toBeUndefined();
  });

  it('when it decodes, then the input sits in a private 0700 directory that is removed afterwards', async () => {
    const binary = fakeTool(
      work,
      'tool',
      `stat -c %a "$(dirname "$4")" > "${work}/mode"; ls "$(dirname "$4")" > "${work}/listing"; cp "${work}/picture.jpg" "$5"`,
    );
    const decoder = createHeifConvertDecoder({ binary, tmpRoot });

    const out = await decoder.decode(Buffer.from('heic bytes'), EXPECTED);

    expect(out.equals(jpeg)).toBe(true);
    expect(readFileSync(path.join(work, 'mode'), 'utf8').trim()).toBe('700');
    expect(readFileSync(path.join(work, 'listing'), 'utf8').trim()).toBe('in.heic');
    expect(readdirSync(tmpRoot)).toEqual([]);
    await decoder.close();
  });

  it('when the tool fails, then the photo is refused with 422 and the temp dir is still removed', async () => {
    const binary = fakeTool(work, 'tool', 'echo "Could not read HEIF/AVIF file" >&2; exit 1');
    const decoder = createHeifConvertDecoder({ binary, tmpRoot });

    const error = await decoder.decode(Buffer.from('x'), EXPECTED).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'IMAGE_UNREADABLE', status: 422 });
    expect(String((error as Error).cause)).toMatch(/Could not read HEIF/);
    expect(readdirSync(tmpRoot)).toEqual([]);
  });

  it('when the tool runs past the timeout, then it is killed and the photo refused with 422', async () => {
    const binary = fakeTool(work, 'tool', 'sleep 30');
    const decoder = createHeifConvertDecoder({ binary, tmpRoot, timeoutMs: 300 });
    const started = Date.now();

    const error = await decoder.decode(Buffer.from('x'), EXPECTED).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'IMAGE_UNREADABLE' });
    expect(String((error as Error).cause)).toMatch(/longer than 300 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(readdirSync(tmpRoot)).toEqual([]);
  });

  it('when more decodes arrive than the concurrency, then they run one after another', async () => {
    const binary = fakeTool(
      work,
      'tool',
      `echo start >> "${work}/log"; sleep 0.2; echo end >> "${work}/log"; cp "${work}/picture.jpg" "$5"`,
    );
    const decoder = createHeifConvertDecoder({ binary, tmpRoot, concurrency: 1 });

    await Promise.all([1, 2, 3].map(() => decoder.decode(Buffer.from('x'), EXPECTED)));

    expect(readFileSync(path.join(work, 'log'), 'utf8').trim().split('\n')).toEqual([
      'start',
      'end',
      'start',
      'end',
      'start',
      'end',
    ]);
  });

  it('when the file holds several images, then the one with the primary size is picked (either way round)', async () => {
    const other = await twoToneImage(20, 10).jpeg().toBuffer();
    writeFileSync(path.join(work, 'other.jpg'), other);
    const binary = fakeTool(
      work,
      'tool',
      `out="$5"; cp "${work}/other.jpg" "\${out%.jpg}-1.jpg"; cp "${work}/picture.jpg" "\${out%.jpg}-2.jpg"`,
    );
    const decoder = createHeifConvertDecoder({ binary, tmpRoot });

    const out = await decoder.decode(Buffer.from('x'), { ...EXPECTED, width: 48, height: 64 });

    expect(out.equals(jpeg)).toBe(true);
  });

  it('when heif-convert is asked for but not installed, then the processor says so at start', () => {
    expect(() =>
      createImageProcessor({
        limits: DEFAULT_LIMITS,
        heicDecoder: 'heif-convert',
        heifConvertPath: '/nonexistent/heif-convert',
      }),
    ).toThrow(/not installed/);
  });
});

describe('replaceJpegMetadata', () => {
  it('when a JPEG has EXIF orientation 6 and no profile, then EXIF is dropped, the profile put in and the pixels kept', async () => {
    const input = await twoToneImage(64, 48).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const icc = (await sharp(await twoToneImage(8, 8).jpeg().withIccProfile('p3').toBuffer()).metadata())
      .icc as Buffer;
    expect((await sharp(input).metadata()).orientation).toBe(6);

    const output = replaceJpegMetadata(input, icc);
    const meta = await sharp(output).metadata();

    expect(meta.orientation).toBeUndefined();
    expect(meta.exif).toBeUndefined();
    expect(meta.icc?.equals(icc)).toBe(true);
    const pixels = (image: Buffer) => sharp(image, { ignoreIcc: true }).raw().toBuffer();
    expect((await pixels(output)).equals(await pixels(input))).toBe(true);
  });

  it('when no profile is given, then the JPEG simply loses its EXIF', async () => {
    const input = await twoToneImage(64, 48).jpeg().withMetadata({ orientation: 3 }).toBuffer();

    const meta = await sharp(replaceJpegMetadata(input, undefined)).metadata();

    expect([meta.orientation, meta.exif, meta.icc]).toEqual([undefined, undefined, undefined]);
  });
});

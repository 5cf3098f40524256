import { afterEach, describe, expect, it, vi } from 'vitest';
import { assetPath, fetchAssetLoader } from '../../src/cells/assets.ts';

describe('asset paths', () => {
  it('accepts plain paths from the site root', () => {
    for (const p of ['/models/poet.gbck', '/data/tang5/manifest.json', '/a-b_c.d/e']) expect(assetPath(p)).toBe(p);
  });

  it('refuses anything that could leave public/ or the site', () => {
    for (const p of ['models/poet.gbck', '/../secret', '/a/../../b', '/./x', '//evil.example/x', 'https://evil.example/x',
      '/a?b=1', '/a#b', '/a\\b', '/a//b', '/', '/' + 'x'.repeat(600), 7, null]) {
      expect(() => assetPath(p), String(p)).toThrow(/asset/);
    }
  });
});

describe('the browser loader', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("fetches under Astro's base and returns the bytes", async () => {
    const fetchMock = vi.fn(async (_url: URL) => new Response(new Uint8Array([1, 2, 3])));
    vi.stubGlobal('fetch', fetchMock);
    expect(await fetchAssetLoader('/book/', 'https://site.example')('/models/poet.gbck')).toEqual(new Uint8Array([1, 2, 3]));
    expect(String(fetchMock.mock.calls[0][0])).toBe('https://site.example/book/models/poet.gbck');
    await fetchAssetLoader('/book', 'https://site.example')('/x.bin');
    expect(String(fetchMock.mock.calls[1][0])).toBe('https://site.example/book/x.bin');
  });

  it('says which file failed', async () => {
    vi.stubGlobal('fetch', async () => new Response('nope', { status: 404, statusText: 'Not Found' }));
    await expect(fetchAssetLoader('/', 'https://site.example')('/models/missing.gbck')).rejects.toThrow(/missing.gbck: 404/);
  });
});

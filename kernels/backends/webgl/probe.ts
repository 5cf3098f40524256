/**
 * What this environment's WebGL2 is, found with a throwaway context and without gpu.js: whether
 * the webgl backend can start here at all, and whether its GPU is a software rasteriser. The
 * registry asks this before loading the backend (register.ts), so a page on SwiftShader or
 * llvmpipe never downloads gpu.js for 'auto'.
 */

/** The backend renders float32 results into textures; without this extension it cannot start. */
export const REQUIRED_EXTENSION = 'EXT_color_buffer_float';

/** An OffscreenCanvas (workers, modern browsers) or a DOM canvas; null in Node. */
export function makeCanvas(): HTMLCanvasElement | OffscreenCanvas | null {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(1, 1);
  if (typeof document !== 'undefined') return document.createElement('canvas');
  return null;
}

/** GL renderer string, unmasked when the browser allows it. */
export function rendererOf(gl: WebGL2RenderingContext): string {
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

/**
 * True for a GPU emulated on the CPU (SwiftShader, llvmpipe): the cpu backend is faster there
 * (BENCHMARKS.md), so 'auto' never picks webgl on one.
 */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|software/i.test(renderer);
}

export type WebglProbe =
  | { available: true; renderer: string; software: boolean }
  | { available: false; reason: string };

/** Makes a WebGL2 context as the backend would, reads the renderer, and releases the context. */
export function probeWebgl2(): WebglProbe {
  let gl: WebGL2RenderingContext | null = null;
  try {
    gl = makeCanvas()?.getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return { available: false, reason: 'WebGL2 is not available here' };
    if (!gl.getExtension(REQUIRED_EXTENSION)) return { available: false, reason: `WebGL2 lacks ${REQUIRED_EXTENSION}` };
    const renderer = rendererOf(gl);
    return { available: true, renderer, software: isSoftwareRenderer(renderer) };
  } catch (e) {
    return { available: false, reason: `WebGL2 failed: ${(e as Error)?.message ?? e}` };
  } finally {
    // browsers cap live contexts (about 16): give this one back now rather than at garbage collection
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

/** True when this environment can make a WebGL2 context (browser or worker). */
export function hasWebgl2(): boolean {
  try {
    return !!makeCanvas()?.getContext('webgl2');
  } catch {
    return false;
  }
}

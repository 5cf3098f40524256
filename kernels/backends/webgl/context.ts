/**
 * The gpu.js instance behind the webgl backend: creation (WebGL2 only, OffscreenCanvas in a
 * worker), a live-GL-texture counter for memory tests, and context-loss reporting.
 */
import { GPU } from 'gpu.js';

/** Why the webgl backend stopped or never started; shown by the UI. */
export interface WebglFallback { reason: 'unavailable' | 'context-lost'; message: string }

type Listener = (event: WebglFallback) => void;
const listeners = new Set<Listener>();
let lastFallback: WebglFallback | null = null;

/**
 * Subscribe to "the engine fell back to the cpu backend" events (no WebGL2, or the context was
 * lost). Returns an unsubscribe function. A listener added after the event gets it at once.
 * @example onWebglFallback((e) => banner.show(e.message));
 */
export function onWebglFallback(listener: Listener): () => void {
  listeners.add(listener);
  if (lastFallback) listener(lastFallback);
  return () => listeners.delete(listener);
}

export function reportFallback(event: WebglFallback): void {
  lastFallback = event;
  for (const l of listeners) l(event);
}

export interface GpuContext {
  gpu: GPU;
  /** 'webgl2' in a browser; 'cpu'/'webasm' when explicitly asked for (Node tests). */
  mode: string;
  gl: WebGL2RenderingContext | null;
  /** GL textures alive right now (counted at the GL level; null when not on GL). */
  liveTextures(): number | null;
  lost: boolean;
  /** GL renderer string, e.g. 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...))'. */
  renderer: string;
}

/** True when this environment can make a WebGL2 context (browser or worker). */
export function hasWebgl2(): boolean {
  try {
    const canvas = makeCanvas();
    return !!canvas?.getContext('webgl2');
  } catch {
    return false;
  }
}

function makeCanvas(): HTMLCanvasElement | OffscreenCanvas | null {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(1, 1);
  if (typeof document !== 'undefined') return document.createElement('canvas');
  return null;
}

/**
 * Creates the gpu.js instance. `mode` 'webgl2' (default) throws when WebGL2 is missing; other
 * modes ('cpu', 'webasm') exist so Node can run the same kernel sources.
 */
export function createGpuContext(mode = 'webgl2', onLost?: () => void): GpuContext {
  if (mode !== 'webgl2') {
    return { gpu: new GPU({ mode } as never), mode, gl: null, liveTextures: () => null, lost: false, renderer: `gpu.js ${mode}` };
  }
  const canvas = makeCanvas();
  const gl = canvas?.getContext('webgl2', {
    alpha: false, antialias: false, depth: false, stencil: false, preserveDrawingBuffer: false,
    premultipliedAlpha: false, powerPreference: 'high-performance',
  }) as WebGL2RenderingContext | null;
  if (!canvas || !gl) throw new Error('WebGL2 is not available here');
  if (!gl.getExtension('EXT_color_buffer_float')) throw new Error('WebGL2 lacks EXT_color_buffer_float');
  // count GL textures at the source, so leaks of any kind show up
  let live = 0;
  const create = gl.createTexture.bind(gl);
  const del = gl.deleteTexture.bind(gl);
  gl.createTexture = function createTexture() { live++; return create(); };
  gl.deleteTexture = function deleteTexture(t: WebGLTexture | null) { if (t) live--; del(t); };
  const ctx: GpuContext = {
    gpu: new GPU({ mode: 'webgl2', canvas: canvas as HTMLCanvasElement, context: gl } as never),
    mode, gl, liveTextures: () => live, lost: false, renderer: rendererOf(gl),
  };
  canvas.addEventListener('webglcontextlost', (ev) => {
    ev.preventDefault();
    ctx.lost = true;
    onLost?.();
  });
  return ctx;
}

function rendererOf(gl: WebGL2RenderingContext): string {
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

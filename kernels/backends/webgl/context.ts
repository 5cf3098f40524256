/**
 * The gpu.js instance behind the webgl backend: creation (WebGL2 only, OffscreenCanvas in a
 * worker), a live-GL-texture counter for memory tests, and context-loss reporting.
 */
import { GPU } from 'gpu.js';
import { makeCanvas, rendererOf, REQUIRED_EXTENSION } from './probe.ts';

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
  if (!gl.getExtension(REQUIRED_EXTENSION)) throw new Error(`WebGL2 lacks ${REQUIRED_EXTENSION}`);
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

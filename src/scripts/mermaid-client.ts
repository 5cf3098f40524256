// Fallback for builds without a Chromium: diagrams arrive as <pre class="mermaid"> source and are
// drawn in the browser when they scroll into view. Mermaid (large) is fetched only if needed.

export function renderPendingDiagrams(): void {
  const pending = [...document.querySelectorAll<HTMLElement>('pre.mermaid:not([data-processed])')];
  if (pending.length === 0) return;
  const observer = new IntersectionObserver(async (entries) => {
    const visible = entries.filter((e) => e.isIntersecting).map((e) => e.target as HTMLElement);
    if (visible.length === 0) return;
    visible.forEach((el) => observer.unobserve(el));
    const { default: mermaid } = await import('mermaid');
    mermaid.initialize({ startOnLoad: false, theme: isDark() ? 'dark' : 'neutral' });
    await mermaid.run({ nodes: visible });
  });
  pending.forEach((el) => observer.observe(el));
}

function isDark(): boolean {
  return document.documentElement.dataset.theme === 'dark';
}

// The virtual module of vite-plugin.ts (declarations and lib files for the editor's worker).
declare module 'virtual:gradbook/cell-types' {
  const bundle: import('./vite-plugin.ts').CellTypesBundle;
  export default bundle;
}

/**
 * The Gradescope autograder bundle: a deterministic zip of setup.sh, run_autograder and the part
 * of this repository that grades one assignment. The `grade-one` command it runs lives in
 * grader/commands/grade-one.ts.
 */
export { writeGradescopeBundle, buildGradescopeBundle, bundleEntries, type BundleOptions } from './write.ts';
export { bundleFileList } from './files.ts';
export { setupScript, runAutograderScript, type IdentityField, type ScriptOptions } from './scripts.ts';

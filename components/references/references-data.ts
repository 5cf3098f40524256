// The bibliography and the document-citation verdicts, parsed once per build for appendix C.
import bibliographyText from '../../src/references/bibliography.yaml?raw';
import documentCitationsText from '../../src/references/document-citations.yaml?raw';
import { parseBibliography, parseDocumentCitations } from '../../src/references/bibliography.mjs';

export const entries = parseBibliography(bibliographyText);
export const documentCitations = parseDocumentCitations(documentCitationsText, entries);

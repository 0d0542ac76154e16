// The text pdf.js puts in its text layer (what Firefox's viewer selects and copies), one
// line per end of line it reports. Usage: node pdfjs_text.mjs PDFJS_DIST_DIR FILE.pdf
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dist, file] = process.argv.slice(2);
const pdfjs = await import(pathToFileURL(join(dist, "legacy", "build", "pdf.mjs")).href);
const data = new Uint8Array(readFileSync(file));
const doc = await pdfjs.getDocument({ data, verbosity: 0 }).promise;
let out = "";
for (let p = 1; p <= doc.numPages; p++) {
  const content = await (await doc.getPage(p)).getTextContent();
  for (const item of content.items) out += item.str + (item.hasEOL ? "\n" : "");
  out += "\n";
}
process.stdout.write(out);

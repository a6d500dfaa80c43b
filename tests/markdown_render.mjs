// Render markdown as JupyterLab 4.6 and JupyterLite 0.8 do: marked (the version their bundles
// share, pinned in package.json) with the options of @jupyterlab/markedparser-extension
// (GitHub-flavoured markdown, nothing sanitised at this stage).
//
// Reads a JSON array of markdown sources on stdin; writes the JSON array of their HTML.
import { readFileSync } from "node:fs";
import { Marked } from "marked";

const marked = new Marked({ gfm: true, async: false });
const sources = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(sources.map((source) => marked.parse(source))));

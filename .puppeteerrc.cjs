// Puppeteer (pulled in by @mermaid-js/mermaid-cli) must never download a browser of its own on
// `npm ci`: there is no internet for it here or in CI. Diagrams render in Debian's chromium, named
// with its launch flags in puppeteer-config.json (also usable as `mmdc -p puppeteer-config.json`).
module.exports = { skipDownload: true };

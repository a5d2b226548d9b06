#!/usr/bin/env node
// Open HTML files in the system's headless Chromium and report what each page does.
//
//   node tools/browser/render.cjs [--chromium PATH] [--crop HEIGHT] [--no-pdf] [--no-screenshots]
//        [--axe-skip RULE]...
//                                 OUTDIR FILE.html...
//
// One browser serves every file, one page after another (pages shot side by side in one headless
// browser stall each other). For each FILE it writes, in OUTDIR, STEM.png (the whole page, 1280 px
// wide, up to 16000 px tall), STEM.nojs.png (the same with JavaScript disabled), STEM.pdf (A4,
// backgrounds printed) and, with --crop, STEM.top.png (the top 1280 x HEIGHT px); and it writes
// OUTDIR/results.json, a list with one object per FILE. --no-pdf and --no-screenshots leave out
// those files (and the time they take: a long report's PDF runs to hundreds of pages); their
// entries are then null. The results:
//
//   file, url            the file and the file:// address it was opened at
//   title, lang          document.title and <html lang>
//   requests             every request the page made (url, resourceType); a request for anything
//   foreign_requests       but the file itself or a data: URL is also in foreign_requests, and is
//                          aborted, so that the page never reaches the network
//   console_errors       console messages of type error
//   page_errors          uncaught exceptions
//   dialogs              alert/confirm/prompt dialogs the page opened (type, message); dismissed
//   axe                  axe-core's violations (id, impact, nodes, help) and the count of passes
//   tables               each <table>: caption, headers, rows (in the body), first_column, and
//                          whether it is wider than the window or scrolls inside its parent
//   overflow_x           whether the page is wider than the 1280 px window
//   text, main_text      document.body.innerText, and that of <main> (the body's when none)
//   print_text           the body's innerText under print media, as the PDF shows it
//   nojs                 with JavaScript disabled: text, main_text, requests, foreign_requests
//   screenshot, screenshot_nojs, screenshot_top, pdf    the files written; screenshot_cut when
//                          the page is taller than Chromium captures at once (16000 px), and
//                          its screenshots show the top 16000 px
//   pdf_pages            the PDF's page count: its /Type /Page objects, counted here
//   width, height        the page's scroll size at 1280 px
//   timings_ms           how long each step took
//
// It exits 0 when every file was rendered, whatever the pages did (the caller judges that); 2 when
// it could not run: no Chromium, a file that does not open, a wrong argument.

"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const puppeteer = require("puppeteer-core");

const WIDTH = 1280;
const HEIGHT = 900;
// Chromium will not capture a much taller page in one picture ("Page is too large"): a taller
// page's screenshot is its top this many pixels, and says so (screenshot_cut).
const MAX_SHOT = 16000;
const CANDIDATES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

function fail(message) {
  console.error(`render.cjs: ${message}`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = {
    chromium: process.env.CHROMIUM || null,
    crop: null,
    pdf: true,
    screenshots: true,
    axeSkip: [],
    files: [],
  };
  const rest = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === "--chromium") {
      options.chromium = argv[++i];
    } else if (arg === "--crop") {
      options.crop = Number.parseInt(argv[++i], 10);
      if (!(options.crop > 0)) fail("--crop takes a height in pixels");
    } else if (arg === "--axe-skip") {
      options.axeSkip.push(argv[++i]);
    } else if (arg === "--no-pdf") {
      options.pdf = false;
    } else if (arg === "--no-screenshots") {
      options.screenshots = false;
    } else if (arg.startsWith("--")) {
      fail(`unknown option ${arg}`);
    } else {
      rest.push(arg);
    }
  }
  if (rest.length < 2) {
    fail("usage: render.cjs [--chromium PATH] [--crop HEIGHT] [--no-pdf] [--no-screenshots] [--axe-skip RULE] OUTDIR FILE.html...");
  }
  [options.outdir, ...options.files] = rest;
  return options;
}

function findChromium(given) {
  if (given) {
    if (!fs.existsSync(given)) fail(`no Chromium at ${given}`);
    return given;
  }
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    for (const name of CANDIDATES) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return fail(`no Chromium found on PATH (looked for ${CANDIDATES.join(", ")}); install Debian's chromium package or pass --chromium PATH`);
}

// Each /Type /Page object is one page; /Type /Pages (the page tree) is not.
function countPdfPages(buffer) {
  const matches = buffer.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g);
  return matches ? matches.length : 0;
}

function stems(files) {
  const seen = new Map();
  return files.map((file) => {
    const stem = path.basename(file).replace(/\.html?$/i, "");
    const count = seen.get(stem) || 0;
    seen.set(stem, count + 1);
    return count ? `${stem}-${count + 1}` : stem;
  });
}

// Watch one page: every request (aborting those for anything but the file), console errors,
// uncaught exceptions and dialogs.
async function watchedPage(browser, url) {
  const page = await browser.newPage();
  const seen = { requests: [], foreign: [], consoleErrors: [], pageErrors: [], dialogs: [] };
  page.setDefaultTimeout(30000);
  await page.setViewport({ width: WIDTH, height: HEIGHT });
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const requested = request.url();
    const entry = { url: requested, resourceType: request.resourceType() };
    seen.requests.push(entry);
    if (requested === url || requested.startsWith("data:")) {
      request.continue();
    } else {
      seen.foreign.push(entry);
      request.abort("blockedbyclient");
    }
  });
  page.on("console", (message) => {
    if (message.type() === "error") {
      const where = message.location();
      seen.consoleErrors.push({ text: message.text(), url: where ? where.url || "" : "" });
    }
  });
  page.on("pageerror", (error) => seen.pageErrors.push(String(error && error.message ? error.message : error)));
  page.on("dialog", async (dialog) => {
    seen.dialogs.push({ type: dialog.type(), message: dialog.message() });
    await dialog.dismiss();
  });
  return { page, seen };
}

// The whole page, or its top MAX_SHOT pixels; whether it was cut.
async function shoot(page, file) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if (height <= MAX_SHOT) {
    await page.screenshot({ path: file, fullPage: true });
    return false;
  }
  const clip = { x: 0, y: 0, width: WIDTH, height: MAX_SHOT };
  await page.screenshot({ path: file, clip, captureBeyondViewport: true });
  return true;
}

// The text of the page as laid out, every part of it: what `content-visibility: auto` leaves
// unpainted off screen (a long report's sections) is laid out for the reading and left so again.
const TEXTS = () => {
  const all = document.createElement("style");
  all.textContent = "* { content-visibility: visible !important; }";
  document.head.append(all);
  const texts = {
    text: document.body ? document.body.innerText : "",
    main_text: (document.querySelector("main") || document.body || { innerText: "" }).innerText,
  };
  all.remove();
  return texts;
};

async function render(browser, axeSource, file, stem, options) {
  const absolute = path.resolve(file);
  if (!fs.existsSync(absolute)) fail(`no file ${file}`);
  const url = pathToFileURL(absolute).href;
  const out = (suffix) => path.join(options.outdir, `${stem}${suffix}`);

  // With JavaScript: the page as a reader's browser runs it.
  const started = Date.now();
  const timings = {};
  const lap = (name) => {
    timings[name] = Date.now() - started - Object.values(timings).reduce((a, b) => a + b, 0);
  };
  const { page, seen } = await watchedPage(browser, url);
  await page.goto(url, { waitUntil: "load" });
  const facts = await page.evaluate(() => ({
    title: document.title,
    lang: document.documentElement.getAttribute("lang"),
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
    overflow_x: document.documentElement.scrollWidth > window.innerWidth,
    tables: Array.from(document.querySelectorAll("table")).map((table) => {
      const head = table.tHead && table.tHead.rows.length
        ? table.tHead.rows[table.tHead.rows.length - 1]
        : table.rows[0];
      const body = table.tBodies.length
        ? Array.from(table.tBodies).flatMap((b) => Array.from(b.rows))
        : Array.from(table.rows);
      const rows = body.filter((r) => r !== head);
      const box = table.getBoundingClientRect();
      const parent = table.parentElement;
      return {
        caption: table.caption ? table.caption.innerText.trim() : "",
        headers: head ? Array.from(head.cells).map((c) => c.innerText.trim()) : [],
        rows: rows.length,
        first_column: rows.map((r) => (r.cells[0] ? r.cells[0].innerText.trim() : "")),
        // wider than the window, or cut by a scrolling parent
        wider_than_window: box.right > window.innerWidth + 0.5 || box.left < -0.5,
        scrolled_in_parent: parent ? parent.scrollWidth > parent.clientWidth : false,
      };
    }),
  }));
  const texts = await page.evaluate(TEXTS);
  lap("load");
  if (options.screenshots) await shoot(page, out(".png"));
  let top = null;
  if (options.crop) {
    top = out(".top.png");
    const height = Math.min(options.crop, facts.height);
    await page.screenshot({ path: top, clip: { x: 0, y: 0, width: WIDTH, height } });
  }
  lap("screenshot");
  // axe-core is evaluated through the DevTools protocol, which the page's Content Security
  // Policy does not govern, so the policy stays as the page sets it.
  await page.evaluate(axeSource);
  const axe = await page.evaluate(async (skip) => {
    const rules = Object.fromEntries(skip.map((id) => [id, { enabled: false }]));
    const result = await window.axe.run(document, { resultTypes: ["violations"], rules });
    return {
      version: window.axe.version,
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.length,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
      })),
      passes: result.passes.length,
    };
  }, options.axeSkip);
  lap("axe");
  await page.emulateMediaType("print");
  const printText = await page.evaluate(() => (document.body ? document.body.innerText : ""));
  await page.emulateMediaType(null);
  let pdf = null;
  if (options.pdf) {
    pdf = Buffer.from(await page.pdf({ format: "A4", printBackground: true }));
    fs.writeFileSync(out(".pdf"), pdf);
  }
  await page.close();
  lap("pdf");

  // Without JavaScript: the page must still render, and say the same.
  const quiet = await watchedPage(browser, url);
  await quiet.page.setJavaScriptEnabled(false);
  await quiet.page.goto(url, { waitUntil: "load" });
  const nojsTexts = await quiet.page.evaluate(TEXTS);
  if (options.screenshots) await shoot(quiet.page, out(".nojs.png"));
  await quiet.page.close();
  lap("nojs");

  return {
    file,
    url,
    title: facts.title,
    lang: facts.lang,
    tables: facts.tables,
    overflow_x: facts.overflow_x,
    requests: seen.requests,
    foreign_requests: seen.foreign,
    console_errors: seen.consoleErrors,
    page_errors: seen.pageErrors,
    dialogs: seen.dialogs.concat(quiet.seen.dialogs),
    axe,
    text: texts.text,
    main_text: texts.main_text,
    print_text: printText,
    nojs: {
      text: nojsTexts.text,
      main_text: nojsTexts.main_text,
      requests: quiet.seen.requests,
      foreign_requests: quiet.seen.foreign,
      console_errors: quiet.seen.consoleErrors,
    },
    screenshot: options.screenshots ? out(".png") : null,
    screenshot_nojs: options.screenshots ? out(".nojs.png") : null,
    screenshot_top: top,
    screenshot_cut: facts.height > MAX_SHOT,
    pdf: pdf ? out(".pdf") : null,
    pdf_pages: pdf ? countPdfPages(pdf) : null,
    width: facts.width,
    height: facts.height,
    timings_ms: timings,
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const executablePath = findChromium(options.chromium);
  const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  fs.mkdirSync(options.outdir, { recursive: true });
  const args = ["--disable-dev-shm-usage", "--font-render-hinting=none", "--hide-scrollbars"];
  // Chromium's sandbox refuses root (as in a container or CI); the pages are local files.
  if (process.getuid && process.getuid() === 0) args.push("--no-sandbox");
  let browser;
  try {
    browser = await puppeteer.launch({ executablePath, headless: true, args });
  } catch (error) {
    fail(`Chromium at ${executablePath} did not start: ${error.message}`);
  }
  try {
    const names = stems(options.files);
    const results = [];
    for (let i = 0; i < options.files.length; i += 1) {
      results.push(await render(browser, axeSource, options.files[i], names[i], options));
    }
    const version = await browser.version();
    for (const result of results) result.browser = version;
    fs.writeFileSync(path.join(options.outdir, "results.json"), JSON.stringify(results, null, 2));
  } finally {
    await browser.close();
  }
}

main().catch((error) => fail(error && error.stack ? error.stack : String(error)));

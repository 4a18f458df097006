// Opens an HTML file in Debian's Chromium (playwright-core), takes a full-page screenshot and prints,
// as JSON, every <img> of the page: its alt text, its natural and rendered size, whether it loaded.
// Usage: node test/support/screenshot-html.mjs page.html screenshot.png
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [page, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
try {
  const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await tab.goto(pathToFileURL(page).href, { waitUntil: "load" });
  const images = await tab.$$eval("img", (all) =>
    all.map((img) => ({
      alt: img.getAttribute("alt"),
      complete: img.complete,
      naturalWidth: img.naturalWidth,
      naturalHeight: img.naturalHeight,
      width: img.getBoundingClientRect().width,
      src: img.src.slice(0, 22),
    })),
  );
  await tab.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify(images));
} finally {
  await browser.close();
}

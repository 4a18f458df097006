/**
 * Dark or light: the body attribute JupyterLab and Notebook 7 both set wins; without it the
 * background colour decides by its luma (Rec. 709 weights 0.2126, 0.7152, 0.0722 on the 0–1 sRGB values:
 * JupyterLab Dark's #111 is 0.067, its Light theme's white is 1).
 */
import { describe, expect, it } from "vitest";
import { isDarkTheme } from "../../src/view/theme.js";

describe("isDarkTheme", () => {
  it("follows data-jp-theme-light when the page has it", () => {
    expect(isDarkTheme("false", "#ffffff")).toBe(true);
    expect(isDarkTheme("true", "#111111")).toBe(false);
  });

  it("otherwise reads the background's luminance", () => {
    expect(isDarkTheme(undefined, "#111")).toBe(true);
    expect(isDarkTheme(undefined, "rgb(17, 17, 17)")).toBe(true);
    expect(isDarkTheme(undefined, "#ffffff")).toBe(false);
    // mid grey #808080: 128/255 = 0.502 in every channel, just light
    expect(isDarkTheme(undefined, "#808080")).toBe(false);
    expect(isDarkTheme(undefined, "#7f7f7f")).toBe(true);
  });

  it("treats a colour it cannot read (a name, empty) as light, the fallback theme", () => {
    expect(isDarkTheme(undefined, "white")).toBe(false);
    expect(isDarkTheme(undefined, "")).toBe(false);
  });
});

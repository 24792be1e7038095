/** Debian's Chromium, headless, as these machines run it (no background networking: the network is closed). */
import { chromium, type Browser } from "playwright-core";
import { CHROMIUM_PATH } from "./preconditions.js";

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}

/**
 * The dashboard in a real headless Chromium: boxes, colours, links, a hostile name left inert,
 * live updates over SSE, and recovery after the server restarts. Leaves a screenshot in
 * test-artifacts/dashboard.png.
 */
import { mkdir } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/browser.js";
import { chromiumProblem, describeNeeding } from "../support/preconditions.js";
import { build, harness, HOSTILE, minutesAgo, routesOf, sha, type Harness } from "./board-fixtures.js";
import { serveDashboard, type TestServer } from "./serve-dashboard.js";

// Runs in the page; the project's TypeScript has no DOM library.
declare const getComputedStyle: (el: unknown) => { backgroundColor: string };

const COLOURS = {
  building: "rgb(0, 167, 243)",
  successful: "rgb(144, 238, 48)",
  failed: "rgb(238, 32, 32)",
  pending: "rgb(204, 204, 204)",
  fixed: "rgb(170, 170, 204)",
};

describeNeeding(chromiumProblem(), "the dashboard in Chromium", () => {
  let h: Harness;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    h = harness({ heartbeatMs: 1000 });
    const delta = h.board.addProject({ name: "delta", position: 2 });
    h.board.addRevision(delta, sha(300), [build("unit", "failed", "https://ci.example.com/d/1")], minutesAgo(20));
    h.board.addRevision(delta, sha(301), [build("unit", "successful", "https://ci.example.com/d/2")], minutesAgo(10));
    server = await serveDashboard(routesOf(h));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (msg) => /Content Security Policy|Refused/.test(msg.text()) && problems.push(msg.text()));
  }, 20_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const section = (name: string) => page.locator(`section.project[data-project="${name}"]`);
  const box = (project: string, label: string) => section(project).locator(".build", { hasText: label });

  it("shows each build as a coloured box linking to its status URL", async () => {
    await page.goto(server.url + "/");
    await page.locator("#live", { hasText: "live" }).waitFor({ timeout: 5000 });
    expect(await page.locator("section.project").evaluateAll((els) => els.map((el) => el.getAttribute("data-project")))).toEqual(["beta", "gamma", "alpha", "delta"]);
    const colours = await page.locator(".build").evaluateAll((els) => els.map((el) => [el.getAttribute("data-status"), getComputedStyle(el).backgroundColor]));
    expect(new Set(colours.map(([status]) => status))).toEqual(new Set(Object.keys(COLOURS)));
    for (const [status, colour] of colours) expect(colour).toBe(COLOURS[status as keyof typeof COLOURS]);
    expect(await box("gamma", "lint").getAttribute("href")).toBe("https://ci.example.com/lint");
    expect(await box("delta", "unit").first().getAttribute("data-status")).toBe("successful");
    expect(await box("delta", "unit").last().getAttribute("data-status")).toBe("fixed");
    const unsafe = box("alpha", "unit");
    expect(await unsafe.evaluate((el) => el.tagName)).toBe("SPAN");
    expect(await unsafe.getAttribute("href")).toBeNull();
  });

  it("renders a hostile build name as text", async () => {
    const hostile = section("alpha").locator(".build.building");
    expect(await hostile.textContent()).toBe(HOSTILE);
    expect(await hostile.getAttribute("href")).toBe("https://ci.example.com/x");
    expect(await page.locator("#board img").count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it("updates live and recovers after the server restarts", async () => {
    // 1. A change to a shown project replaces its section.
    const gamma = h.board.projects.find((p) => p.name === "gamma")!;
    h.board.addRevision(gamma, sha(201), [build("e2e", "building", "https://ci.example.com/e2e")], minutesAgo(1));
    await h.feed.publish({ projectName: "gamma", removed: false });
    await box("gamma", "e2e").waitFor({ timeout: 3000 });
    expect(await box("gamma", "e2e").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(COLOURS.building);
    // 2. A new project shows up through a whole-board refresh.
    const epsilon = h.board.addProject({ name: "epsilon", position: 9 });
    h.board.addRevision(epsilon, sha(400), [build("smoke", "failed")], minutesAgo(1));
    await h.feed.publish({ projectName: "epsilon", removed: false });
    await box("epsilon", "smoke").waitFor({ timeout: 3000 });
    // 3. The server goes away: the page says so, then catches up on what it missed.
    await server.close();
    await page.locator("#live", { hasText: "reconnecting" }).waitFor({ timeout: 3000 });
    h.board.addRevision(gamma, sha(202), [build("missed", "successful")], minutesAgo(0));
    server = await serveDashboard(routesOf(h), server.port);
    await page.locator("#live", { hasText: "live" }).waitFor({ timeout: 5000 });
    await box("gamma", "missed").waitFor({ timeout: 3000 });
    // 4. And it still follows changes on the new connection.
    h.board.addRevision(gamma, sha(203), [build("after", "successful")], minutesAgo(0));
    await h.feed.publish({ projectName: "gamma", removed: false });
    await box("gamma", "after").waitFor({ timeout: 3000 });
    await mkdir("test-artifacts", { recursive: true });
    await page.screenshot({ path: "test-artifacts/dashboard.png", fullPage: true });
    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);
  }, 20_000);

  it("shows the project page with its charts", async () => {
    await page.goto(server.url + "/projects/beta");
    expect(await page.locator(".revision").count()).toBe(15);
    expect(await page.locator(".stats svg rect.bar").count()).toBeGreaterThan(0);
    expect(await page.locator(".stats", { hasText: "No releases yet" }).count()).toBe(1);
    await page.screenshot({ path: "test-artifacts/dashboard-project.png", fullPage: true });
    expect(problems).toEqual([]);
  });

  it("signs in with WEB_PASSWORD and then follows live changes", async () => {
    const secured = harness({ webPassword: "letmein", heartbeatMs: 1000 });
    const securedServer = await serveDashboard(routesOf(secured));
    try {
      const context = await browser.newContext();
      const login = await context.newPage();
      await login.goto(securedServer.url + "/projects/gamma");
      expect(new URL(login.url()).pathname).toBe("/login");
      await login.fill("#password", "wrong");
      await login.click("button[type=submit]");
      await login.locator(".error", { hasText: "Wrong password." }).waitFor({ timeout: 3000 });
      expect(login.url()).not.toContain("wrong");
      await login.fill("#password", "letmein");
      await login.click("button[type=submit]");
      await login.locator("#live", { hasText: "live" }).waitFor({ timeout: 5000 });
      expect(new URL(login.url()).pathname).toBe("/projects/gamma");
      const gamma = secured.board.projects.find((p) => p.name === "gamma")!;
      secured.board.addRevision(gamma, sha(210), [build("secured", "successful")], minutesAgo(0));
      await secured.feed.publish({ projectName: "gamma", removed: false });
      await login.locator(".build", { hasText: "secured" }).waitFor({ timeout: 3000 });
      await context.close();
    } finally {
      await securedServer.close();
    }
  });
});

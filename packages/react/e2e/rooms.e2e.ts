import { expect, type Page, test } from "@playwright/test";
import { bundle, type ReactVersion } from "./bundle.js";
import { type SeenConnection, startServer } from "./server.js";

// Issue 14: "A URL change is seamless. A send from any effect of that commit goes to the new connection (queued),
// and the old one closes with 1000." The page is rooms/RoomSwitcher.tsx: `useWebSocket(ws://…/rooms/${room})` and
// an effect that sends `{ type: "join", room }` whenever the room changes. The server records, per connection, its
// path, every message and the close code the browser sent.

let server: Awaited<ReturnType<typeof startServer>>;
let problems: string[];
let pageErrors: string[];

const joinOf = (room: string) => JSON.stringify({ type: "join", room });
const roomOf = (connection: SeenConnection) => connection.path.replace("/rooms/", "");

/** Clicks a room and waits until the page shows that room's connection open. */
async function switchTo(page: Page, room: string) {
  await page.getByRole("button", { name: room, exact: true }).click();
  await expect(page.getByTestId("room")).toHaveText(room);
  await expect(page.getByTestId("status")).toHaveText("open");
}

for (const react of ["19", "18"] as const satisfies ReactVersion[]) {
  test.describe(`React ${react}`, () => {
    let script: string;

    test.beforeAll(async () => {
      script = await bundle("rooms/main.tsx", { react, platform: "browser" });
    });

    test.beforeEach(async ({ page }) => {
      server = await startServer({
        "/": () => ({
          type: "text/html",
          body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rooms</title></head>
<body><div id="root"></div><script type="module" src="/app.js"></script></body></html>`,
        }),
        "/app.js": () => ({ type: "text/javascript", body: script }),
      });
      // "Nothing throws": a send on a closing socket would reach the page as an uncaught error from the effect.
      problems = [];
      page.on("console", (message) => {
        if (message.type() === "error" || message.type() === "warning")
          problems.push(`${message.type()}: ${message.text()}`);
      });
      pageErrors = [];
      page.on("pageerror", (error) => pageErrors.push(error.message));
      await page.goto(server.origin);
      await expect(page.locator("html")).toHaveAttribute("data-react", new RegExp(`^${react}\\.`));
      await expect(page.getByTestId("status")).toHaveText("open");
    });

    test.afterEach(async ({ page }) => {
      try {
        // Checked here, not in each test, so a test that timed out waiting (a throw unmounts the switcher) says why.
        expect(pageErrors, "uncaught errors on the page").toEqual([]);
      } finally {
        await page.close();
        await server.close();
      }
    });

    test("each join reaches the server once, on its room's connection, and each old connection closes with 1000", async ({
      page,
    }) => {
      // Back to earlier rooms too: the same URL again is a new connection, with its own join.
      const rooms = ["kitchen", "garden", "lobby", "kitchen", "lobby"];
      for (const room of rooms) await switchTo(page, room);

      const visited = ["lobby", ...rooms];
      await expect.poll(() => server.connections.map((connection) => connection.messages)).toHaveLength(visited.length);
      await expect
        .poll(() => server.connections.map((connection) => connection.messages))
        .toEqual(visited.map((room) => [joinOf(room)]));
      expect(server.connections.map(roomOf)).toEqual(visited);
      // Every connection but the current one closed with 1000; the current one stays open.
      await expect
        .poll(() => server.connections.map((connection) => connection.closeCode))
        .toEqual([...rooms.map(() => 1000), null]);
      expect(await page.evaluate(() => window.roomLog)).toEqual({ sent: visited, dropped: [] });
      expect(problems).toEqual([]);
    });

    test("three commits in one task: the last room's join goes to its new connection; the others are dropped, never misdelivered", async ({
      page,
    }) => {
      await switchTo(page, "garden");
      await page.getByRole("button", { name: "three commits in one task" }).click();
      await expect(page.getByTestId("room")).toHaveText("lobby");
      await expect(page.getByTestId("status")).toHaveText("open");

      // Each commit ran its effect, so each room's join was sent once, in order.
      const log = await page.evaluate(() => window.roomLog);
      expect(log.sent).toEqual(["lobby", "garden", "kitchen", "garden", "lobby"]);
      // The connection the task left closed with 1000; the two rooms in between were superseded before they opened.
      await expect
        .poll(() => server.connections.slice(0, 2))
        .toEqual([
          { path: "/rooms/lobby", messages: [joinOf("lobby")], closeCode: 1000 },
          { path: "/rooms/garden", messages: [joinOf("garden")], closeCode: 1000 },
        ]);
      await expectEachJoinOnce(page, "lobby");
    });

    test("quick clicks, one task each, before any connection opens: every join is delivered once to its room or reported dropped", async ({
      page,
    }) => {
      // Three clicks in three tasks, with no wait for a connection in between.
      await page.evaluate(async () => {
        for (const room of ["kitchen", "garden", "kitchen"]) {
          const button = [...document.querySelectorAll("button")].find((candidate) => candidate.textContent === room);
          button?.click();
          await new Promise((next) => setTimeout(next, 0));
        }
      });
      await expect(page.getByTestId("room")).toHaveText("kitchen");
      await expect(page.getByTestId("status")).toHaveText("open");

      expect((await page.evaluate(() => window.roomLog)).sent).toEqual(["lobby", "kitchen", "garden", "kitchen"]);
      expect(server.connections[0]).toMatchObject({ path: "/rooms/lobby", messages: [joinOf("lobby")] });
      await expect.poll(() => server.connections[0]?.closeCode).toBe(1000);
      await expectEachJoinOnce(page, "kitchen");
    });

    test("three updates batched into one commit: one new connection, one join, for the room that is rendered", async ({
      page,
    }) => {
      await page.getByRole("button", { name: "three updates in one commit" }).click();
      await expect(page.getByTestId("room")).toHaveText("kitchen");
      await expect(page.getByTestId("status")).toHaveText("open");

      await expect
        .poll(() => server.connections)
        .toEqual([
          { path: "/rooms/lobby", messages: [joinOf("lobby")], closeCode: 1000 },
          { path: "/rooms/kitchen", messages: [joinOf("kitchen")], closeCode: null },
        ]);
      expect(await page.evaluate(() => window.roomLog)).toEqual({ sent: ["lobby", "kitchen"], dropped: [] });
      expect(problems).toEqual([]);
    });
  });
}

/**
 * What holds however fast the room changes: no connection gets a join for another room or two joins; every join
 * the page sent was either delivered once or dropped by the socket (its URL superseded before its connection
 * opened) and reported to `queue.onDrop`; only the current room's connection is still open, and it has that room's
 * join; every other connection that carried a join closed with 1000; nothing threw.
 */
async function expectEachJoinOnce(page: Page, current: string) {
  const log = await page.evaluate(() => window.roomLog);
  await expect
    .poll(() => server.connections.filter((connection) => connection.closeCode === null))
    .toEqual([{ path: `/rooms/${current}`, messages: [joinOf(current)], closeCode: null }]);
  for (const connection of server.connections) {
    expect(connection.messages.length, connection.path).toBeLessThanOrEqual(1);
    for (const message of connection.messages) expect(message).toBe(joinOf(roomOf(connection)));
  }
  const delivered = server.connections.filter((connection) => connection.messages.length).map(roomOf);
  expect([...delivered, ...log.dropped.map((drop) => drop.room)].sort()).toEqual([...log.sent].sort());
  for (const drop of log.dropped) expect(drop.cause).toBe("closed");
  // A connection superseded while still connecting is cut by the browser, which sends 1001 or no code at all
  // (1006), whatever code the page asked for: that it closed (above) is all the hook can promise for those.
  const earlier = server.connections.filter((connection) => connection.closeCode !== null);
  const joined = earlier.filter((connection) => connection.messages.length);
  expect(joined.map((connection) => connection.closeCode)).toEqual(joined.map(() => 1000));
  // Chromium's own notice for each of those, at warning level; not a throw. Any other message fails.
  const host = new URL(server.origin).host;
  const notices = new Set(
    log.dropped.map(
      ({ room }) =>
        `warning: WebSocket connection to 'ws://${host}/rooms/${room}' failed: WebSocket is closed before the connection is established.`,
    ),
  );
  expect(problems.filter((problem) => !notices.has(problem))).toEqual([]);
}

import { describe, expect, it } from "vitest";
import { createChatRoom, createTokenIssuer, LIMITS, PostError, readPost } from "./chatRoom.js";

const post = (clientId: string, text = `text of ${clientId}`) => ({ clientId, author: "Ada", text });

describe("createChatRoom", () => {
  it("stores a post once per clientId and answers a resend with the stored message", () => {
    let clock = 1000;
    const room = createChatRoom(() => clock++);
    const first = room.post(post("a", "hello"));
    const again = room.post(post("a", "hello, edited on resend"));

    expect(first.added).toBe(true);
    expect(first.message).toEqual({ id: 1, clientId: "a", author: "Ada", text: "hello", at: 1000 });
    expect(again.added).toBe(false);
    expect(again.message).toBe(first.message);
    expect(again.message.text).toBe("hello");
    expect(room.history()).toEqual([first.message]);
  });

  it("keeps posts in order with increasing ids and the room's clock, which a duplicate does not read", () => {
    let clock = 50;
    const room = createChatRoom(() => (clock += 10));
    room.post(post("a"));
    room.post(post("b"));
    room.post(post("a"));
    room.post(post("c"));

    expect(room.history().map(({ id, clientId, at }) => ({ id, clientId, at }))).toEqual([
      { id: 1, clientId: "a", at: 60 },
      { id: 2, clientId: "b", at: 70 },
      { id: 3, clientId: "c", at: 80 },
    ]);
  });

  it("stores frozen messages and hands out copies of the history", () => {
    const room = createChatRoom();
    const { message } = room.post(post("a"));
    expect(Object.isFrozen(message)).toBe(true);

    const history = room.history() as unknown as unknown[];
    history.pop();
    expect(room.history()).toHaveLength(1);
  });

  it(`keeps the last ${LIMITS.history} messages, and a dropped message's clientId can be posted again`, () => {
    const room = createChatRoom();
    for (let index = 1; index <= LIMITS.history + 5; index++) room.post(post(`c${index}`));

    const history = room.history();
    expect(history).toHaveLength(LIMITS.history);
    expect(history[0]!.clientId).toBe("c6");
    expect(history[0]!.id).toBe(6);
    expect(history.at(-1)!.clientId).toBe(`c${LIMITS.history + 5}`);

    // c6 is still in the history: a resend is not stored again.
    expect(room.post(post("c6")).added).toBe(false);
    expect(room.history()).toHaveLength(LIMITS.history);

    // c1 went with the oldest messages: it is a new post now, with a new id, at the end.
    const again = room.post(post("c1"));
    expect(again.added).toBe(true);
    expect(again.message.id).toBe(LIMITS.history + 6);
    const after = room.history();
    expect(after).toHaveLength(LIMITS.history);
    expect(after.at(-1)).toBe(again.message);
    expect(after[0]!.clientId).toBe("c7");
  });
});

describe("readPost", () => {
  it("returns the three fields of a valid post and nothing else", () => {
    expect(readPost({ clientId: "id-1", author: "Ada", text: "hi", extra: true, id: 99 })).toEqual({
      clientId: "id-1",
      author: "Ada",
      text: "hi",
    });
  });

  it("accepts fields exactly at their limits", () => {
    const value = {
      clientId: "c".repeat(LIMITS.clientId),
      author: "a".repeat(LIMITS.author),
      text: "t".repeat(LIMITS.text),
    };
    expect(readPost(value)).toEqual(value);
  });

  it.each([null, undefined, "a post", 42, true])("rejects %j, which is not an object", (value) => {
    expect(() => readPost(value)).toThrow(PostError);
    expect(() => readPost(value)).toThrow('[@lifeline/demo] A post must be an object: {"clientId", "author", "text"}.');
  });

  it.each([
    ["clientId", { clientId: "", author: "Ada", text: "hi" }, LIMITS.clientId],
    ["clientId", { clientId: "c".repeat(LIMITS.clientId + 1), author: "Ada", text: "hi" }, LIMITS.clientId],
    ["clientId", { clientId: 7, author: "Ada", text: "hi" }, LIMITS.clientId],
    ["clientId", { author: "Ada", text: "hi" }, LIMITS.clientId],
    ["author", { clientId: "c", author: "   ", text: "hi" }, LIMITS.author],
    ["author", { clientId: "c", author: "a".repeat(LIMITS.author + 1), text: "hi" }, LIMITS.author],
    ["author", { clientId: "c", author: null, text: "hi" }, LIMITS.author],
    ["text", { clientId: "c", author: "Ada", text: "" }, LIMITS.text],
    ["text", { clientId: "c", author: "Ada", text: " \n\t " }, LIMITS.text],
    ["text", { clientId: "c", author: "Ada", text: "t".repeat(LIMITS.text + 1) }, LIMITS.text],
    ["text", { clientId: "c", author: "Ada", text: ["hi"] }, LIMITS.text],
    ["text", { clientId: "c", author: "Ada", text: { value: "hi" } }, LIMITS.text],
  ])("names %s in the error for %j", (name, value, max) => {
    let caught: unknown;
    try {
      readPost(value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PostError);
    expect((caught as PostError).name).toBe("PostError");
    expect((caught as PostError).message).toBe(
      `[@lifeline/demo] ${name} must be a non-empty string of at most ${max} characters.`,
    );
  });

  it("rejects an array as a post without a clientId", () => {
    expect(() => readPost(["c", "Ada", "hi"])).toThrow(/clientId must be a non-empty string/);
  });
});

describe("createTokenIssuer", () => {
  const counter = () => {
    let count = 0;
    return () => `token-${++count}`;
  };

  it("issues tokens from makeToken that are valid, and nothing else is", () => {
    const tokens = createTokenIssuer(counter());
    const first = tokens.issue();
    const second = tokens.issue();
    expect(first).toBe("token-1");
    expect(second).toBe("token-2");
    expect(tokens.isValid(first)).toBe(true);
    expect(tokens.isValid(second)).toBe(true);
    expect(tokens.isValid("token-3")).toBe(false);
    expect(tokens.isValid("")).toBe(false);
    expect(tokens.isValid(null)).toBe(false);
  });

  it("issues random unique tokens by default", () => {
    const tokens = createTokenIssuer();
    const first = tokens.issue();
    const second = tokens.issue();
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);
    expect(tokens.isValid(first)).toBe(true);
  });

  it("revokeAll invalidates every token so far and keeps issuing new ones", () => {
    const tokens = createTokenIssuer(counter());
    const old = tokens.issue();
    tokens.revokeAll();
    expect(tokens.isValid(old)).toBe(false);

    const fresh = tokens.issue();
    expect(fresh).toBe("token-2");
    expect(tokens.isValid(fresh)).toBe(true);
    expect(tokens.isValid(old)).toBe(false);
  });

  it("signOut invalidates every token and issues null until signIn returns a valid token", () => {
    const tokens = createTokenIssuer(counter());
    const old = tokens.issue();
    tokens.signOut();
    expect(tokens.isValid(old)).toBe(false);
    expect(tokens.issue()).toBeNull();
    expect(tokens.issue()).toBeNull();

    const signedIn = tokens.signIn();
    expect(signedIn).toBe("token-2");
    expect(tokens.isValid(signedIn)).toBe(true);
    expect(tokens.isValid(old)).toBe(false);

    const next = tokens.issue();
    expect(next).toBe("token-3");
    expect(tokens.isValid(next)).toBe(true);
  });

  it("signIn while signed in issues one more token and keeps the others", () => {
    const tokens = createTokenIssuer(counter());
    const first = tokens.issue();
    const second = tokens.signIn();
    expect(second).toBe("token-2");
    expect(tokens.isValid(first)).toBe(true);
    expect(tokens.isValid(second)).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { redactUrlUserInfo } from "../../src/model/url-secret.js";

describe("redactUrlUserInfo", () => {
  it.for([
    ["ftp://u:s3cretpw@x", "ftp://***@x"],
    ["https://user:pa@ss@example.com:8443/p@th?q=a@b#f", "https://***@example.com:8443/p@th?q=a@b#f"],
    ["http://token@127.0.0.1:5000", "http://***@127.0.0.1:5000"],
    ["HTTP:u:pw@host", "HTTP:***@host"],
    ["http:\\\\u:pw@host", "http:\\\\***@host"],
    ["http://127.0.0.1:5000/a@b", "http://127.0.0.1:5000/a@b"],
    ["http://localhost:4566", "http://localhost:4566"],
    ["::garbage::", "::garbage::"],
    ["", ""],
  ])("%j → %j", ([text, shown]) => {
    expect(redactUrlUserInfo(text as string)).toBe(shown);
  });
});
